from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContributionsConfig(AppConfig):
    """Mitmachen: treasures and hints from citizens, moderated by Redaktion."""

    name = "kulturschatz.contributions"
    label = "contributions"
    verbose_name = _("Citizen contributions")
    default_auto_field = "django.db.models.BigAutoField"
