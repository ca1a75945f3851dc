"""WSGI entry point: ``kulturschatz.wsgi:application``.

Stored IIIF tiles and renderings are sent by a thin layer in front of Django
(kulturschatz.iiif.fastpath); every other request is Django's.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kulturschatz.settings")

django_application = get_wsgi_application()

# Import every view module now, in each worker as it starts, rather than on the
# first request that happens to need it (iiif-prezi3 alone takes half a second).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018

from kulturschatz.iiif.fastpath import StoredDerivatives  # noqa: E402 - needs setup

application = StoredDerivatives(django_application)
