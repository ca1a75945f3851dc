"""/api/v1/: the read-only JSON API, its OpenAPI schema and documentation page."""

from django.urls import path, re_path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter(trailing_slash=False)
router.register("objects", views.ObjectViewSet, basename="object")
router.register("collections", views.CollectionViewSet, basename="collection")
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("agents", views.AgentViewSet, basename="agent")
router.register("places", views.PlaceViewSet, basename="place")

urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    *router.urls,
    path("search", views.SearchView.as_view(), name="search"),
    path("openapi.json", views.SchemaJSONView.as_view(), name="schema"),
    path("openapi.yaml", views.SchemaYAMLView.as_view(), name="schema-yaml"),
    path("docs", views.DocumentationView.as_view(), name="docs"),
    re_path(r"", views.NotFoundView.as_view(), name="not-found"),
]
