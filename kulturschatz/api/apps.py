from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kulturschatz.api"
    label = "api"
    verbose_name = "JSON-API"
