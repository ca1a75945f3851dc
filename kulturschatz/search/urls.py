from django.urls import path

from . import views

app_name = "search"

urlpatterns = [
    path("suche/", views.search_page, name="search"),
]

api_urlpatterns = (
    [
        path("api/search", views.search_api, name="search"),
        path("api/suggest", views.suggest_api, name="suggest"),
    ],
    "search_api",
)
