from django.urls import path, re_path

from . import presentation_views, views

app_name = "iiif"

VERSION = r"(?P<version>[23])"
IDENTIFIER = r"(?P<identifier>[^/]+)"

urlpatterns = [
    path("manifest/<slug:identifier>", presentation_views.manifest, name="manifest"),
    path(
        "discovery/collection",
        presentation_views.discovery_collection,
        name="discovery-collection",
    ),
    path(
        "discovery/page/<int:number>",
        presentation_views.discovery_page,
        name="discovery-page",
    ),
    path("mirador/<slug:identifier>", presentation_views.mirador, name="mirador"),
    path("collection/top", presentation_views.top_collection, name="collection-top"),
    path("collection/<slug:slug>", presentation_views.collection, name="collection"),
    path(
        "collection/<slug:slug>/<int:page>",
        presentation_views.collection,
        name="collection-page",
    ),
    re_path(rf"^{VERSION}/{IDENTIFIER}$", views.image_base, name="image-base"),
    re_path(rf"^{VERSION}/{IDENTIFIER}/info\.json$", views.image_info, name="image-info"),
    re_path(
        rf"^{VERSION}/{IDENTIFIER}/(?P<region>[^/]+)/(?P<size>[^/]+)/(?P<rotation>[^/]+)"
        r"/(?P<quality>[^/.]+)\.(?P<format>[^/.]+)$",
        views.image_request,
        name="image",
    ),
]
