"""sitemap.xml: every published object and the pages that list them."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Collection, HeritageObject, Institution


class HeritageObjectSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 10_000
    i18n = True
    alternates = True
    x_default = True

    def items(self):
        return HeritageObject.objects.published().order_by("pk").only(
            "identifier", "updated_at"
        )

    def lastmod(self, item: HeritageObject):
        return item.updated_at


class CollectionSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6
    i18n = True
    alternates = True

    def items(self):
        return Collection.objects.order_by("pk")


class InstitutionSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5
    i18n = True
    alternates = True

    def items(self):
        return Institution.objects.order_by("pk")


class StaticSitemap(Sitemap):
    priority = 1.0
    changefreq = "daily"
    i18n = True
    alternates = True

    def items(self) -> list[str]:
        return ["collections:home", "collections:object-list"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "static": StaticSitemap,
    "objects": HeritageObjectSitemap,
    "collections": CollectionSitemap,
    "institutions": InstitutionSitemap,
}
