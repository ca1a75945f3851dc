from django.apps import AppConfig


class MetadataConfig(AppConfig):
    name = "kulturschatz.metadata"
    label = "metadata"
    verbose_name = "Metadata"

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the OAI-PMH tombstones
        from .oai import checks  # noqa: F401 - registers the settings checks
