"""Search backends, chosen in settings as Django chooses storages and caches:

KULTURSCHATZ_SEARCH_BACKENDS = {
    "default": {
        "BACKEND": "kulturschatz.search.backends.whoosh.WhooshBackend",
        "OPTIONS": {"index_dir": VAR_DIR / "whoosh"},
    },
}
"""

from __future__ import annotations

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

from .base import BaseSearchBackend, InvalidSearchBackendError

_backends: dict[str, BaseSearchBackend] = {}  # alias -> instance, as in StorageHandler


def get_search_backend(alias: str = "default") -> BaseSearchBackend:
    if alias not in _backends:
        try:
            config = settings.KULTURSCHATZ_SEARCH_BACKENDS[alias]
            backend_class = import_string(config["BACKEND"])
        except (KeyError, ImportError) as error:
            raise InvalidSearchBackendError(f"{alias!r}: {error}") from error
        _backends[alias] = backend_class(**config.get("OPTIONS", {}))
    return _backends[alias]


@receiver(setting_changed)  # so override_settings() in tests rebuilds the backend
def reset_search_backends(*, setting: str, **kwargs: object) -> None:
    if setting == "KULTURSCHATZ_SEARCH_BACKENDS":
        _backends.clear()
