from django.urls import re_path

from . import views

app_name = "iiif"

VERSION = r"(?P<version>[23])"
IDENTIFIER = r"(?P<identifier>[^/]+)"

urlpatterns = [
    re_path(rf"^{VERSION}/{IDENTIFIER}$", views.image_base, name="image-base"),
    re_path(rf"^{VERSION}/{IDENTIFIER}/info\.json$", views.image_info, name="image-info"),
    re_path(
        rf"^{VERSION}/{IDENTIFIER}/(?P<region>[^/]+)/(?P<size>[^/]+)/(?P<rotation>[^/]+)"
        r"/(?P<quality>[^/.]+)\.(?P<format>[^/.]+)$",
        views.image_request,
        name="image",
    ),
]
