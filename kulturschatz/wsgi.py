"""WSGI entry point: ``kulturschatz.wsgi:application``.

Stored IIIF tiles and renderings are sent by a thin layer in front of Django
(kulturschatz.iiif.fastpath); every other request is Django's.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kulturschatz.settings")

django_application = get_wsgi_application()

from kulturschatz.iiif.fastpath import StoredDerivatives  # noqa: E402 - needs setup

application = StoredDerivatives(django_application)
