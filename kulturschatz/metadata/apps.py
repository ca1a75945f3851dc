from django.apps import AppConfig


class MetadataConfig(AppConfig):
    name = "kulturschatz.metadata"
    label = "metadata"
    verbose_name = "Metadata"
