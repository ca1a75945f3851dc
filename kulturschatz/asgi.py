"""ASGI entry point: ``kulturschatz.asgi:application``."""
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kulturschatz.settings")

application = get_asgi_application()
