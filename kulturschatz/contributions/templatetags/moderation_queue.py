"""The admin index's notice of contributions awaiting moderation."""

from django import template
from django.urls import reverse

from kulturschatz.contributions import moderation

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_queue(context) -> dict | None:
    """Counts and list addresses of the waiting contributions, for those who
    may moderate them; None when nothing waits or the user may not."""
    request = context.get("request")
    if request is None or not moderation.can_moderate(request.user):
        return None
    counts = moderation.pending_counts()
    if not any(counts.values()):
        return None
    return {
        **counts,
        "treasures_url": reverse("admin:contributions_sharedtreasure_changelist"),
        "hints_url": reverse("admin:contributions_hint_changelist"),
    }
