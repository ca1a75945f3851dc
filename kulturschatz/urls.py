"""URLs: public pages in German at /, English at /en/; IIIF and admin outside."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language

from kulturschatz.collections.sitemaps import SITEMAPS
from kulturschatz.collections.views import robots_txt
from kulturschatz.metadata import views as metadata_views
from kulturschatz.metadata.oai import views as oai_views
from kulturschatz.search import urls as search_urls

urlpatterns = [
    path("iiif/", include("kulturschatz.iiif.urls")),
    path(f"{settings.ADMIN_PATH}/", admin.site.urls),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots-txt"),
    path(
        "objekt/<slug:identifier>/lido.xml", metadata_views.object_lido, name="object-lido"
    ),
    path(
        "objekt/<slug:identifier>/dc.xml",
        metadata_views.object_dublin_core,
        name="object-dc",
    ),
    path("oai", oai_views.endpoint, name="oai"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include(search_urls.api_urlpatterns)),
    path("api/v1/", include("kulturschatz.api.urls")),
]
urlpatterns += i18n_patterns(
    path("", include("kulturschatz.collections.urls")),
    path("", include("kulturschatz.search.urls")),
    path("", include("kulturschatz.contributions.urls")),
    prefix_default_language=False,
)
