"""WSGI entry point: ``kulturschatz.wsgi:application``.

Stored IIIF tiles and renderings are sent by a thin layer in front of Django
(kulturschatz.iiif.fastpath); every other request is Django's.
"""

import gc
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

# What a worker loaded at start-up (Django, the URLconf, every view module, about
# 190,000 objects) lives as long as the worker: move it out of the cyclic garbage
# collector's sight, and collect the young generation less often. A rich object
# page or an OAI-PMH page builds a few hundred thousand short-lived objects; with
# the defaults every few requests paid 50-100 ms for a full collection that
# walked the whole heap (bench/pages.py: rich object p95 186 ms, 78 ms without).
# Reference counting still frees almost everything at once; cycles wait a little.
gc.freeze()
gc.set_threshold(50_000, 20, 100)
