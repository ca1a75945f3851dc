from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "kulturschatz.search"
    label = "search"
    verbose_name = "Search"
