"""What the IIIF Change Discovery API reports: public changes to manifests."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Activity(models.Model):
    """One Create, Update or Delete of a public manifest (Change Discovery API 1.0)."""

    class Type(models.TextChoices):
        CREATE = "Create", _("created")
        UPDATE = "Update", _("updated")
        DELETE = "Delete", _("deleted")

    type = models.CharField(_("type"), max_length=10, choices=Type.choices)
    object_identifier = models.SlugField(_("object identifier"), max_length=100)
    end_time = models.DateTimeField(_("time"), db_index=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["id"]
        indexes = [models.Index(fields=["object_identifier", "-id"])]

    def __str__(self) -> str:
        return f"{self.type} {self.object_identifier} {self.end_time:%Y-%m-%d %H:%M}"
