from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollectionsConfig(AppConfig):
    name = "kulturschatz.collections"
    label = "collections"
    verbose_name = _("Catalogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import history

        history.register_models()
