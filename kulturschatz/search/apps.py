from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SearchConfig(AppConfig):
    name = "kulturschatz.search"
    label = "search"
    verbose_name = pgettext_lazy("admin section", "Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import checks, signals  # noqa: F401  (checks register themselves)

        signals.connect()
