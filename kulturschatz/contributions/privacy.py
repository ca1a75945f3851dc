"""What the archive keeps of contributors, and for how long (DSGVO).

erase_personal_data() is the one place that forgets a person: rejecting,
withdrawing and the periodic purge all call it. What the privacy notice
(contributions/privacy.html) promises is kept here:

- the e-mail address is used once, for the publication notice
  (notify_contributors), and erased right after it is sent;
- a contributor can withdraw through the private link (withdraw);
- after KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS a contribution nobody decided
  expires and loses its files and personal data, a decided one its e-mail
  address, and rejected, withdrawn or expired rows are deleted
  (purge_personal_data, run nightly by the task queue and by
  ``manage.py purge_contributions``).
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_noop

from kulturschatz.collections import history, services
from kulturschatz.collections.models import HeritageObject, ObjectImage

from .models import Contribution, ContributionPhoto, Hint, SharedTreasure, State

logger = logging.getLogger(__name__)

# Catalogue fields that moderation.accept_treasure fills with the contributor's name.
CREDIT_FIELDS = ("credit_line", "rights_holder", "creator")


def delete_files(storage, names: list[str]) -> None:
    """Delete stored files now; one the disk refuses is logged and left for
    remove_orphan_files."""
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("could not delete %s", name)


def delete_photo_files(photos) -> None:
    """Delete the stored files of contribution photos once the transaction commits."""
    names = [photo.file.name for photo in photos if photo.file]
    storage = ContributionPhoto._meta.get_field("file").storage
    transaction.on_commit(lambda: delete_files(storage, names))


def delete_photos(treasure: SharedTreasure) -> None:
    """Delete a treasure's photo rows, and their files once the transaction commits."""
    delete_photo_files(list(treasure.photos.all()))
    treasure.photos.all().delete()


def erase_personal_data(contribution: Contribution, *, keep_credit: bool = False) -> None:
    """Forget who sent a contribution: e-mail address, and name unless it is a
    published credit (``keep_credit``); a shared treasure's photos too, unless
    they became catalogue images (those are copies owned by the catalogue)."""
    with transaction.atomic():
        if isinstance(contribution, SharedTreasure):
            delete_photos(contribution)
        contribution.email = ""
        if not keep_credit:
            contribution.contributor_name = ""
        contribution.personal_data_erased_at = timezone.now()
        contribution.save(
            update_fields=["email", "contributor_name", "personal_data_erased_at"]
        )


# -- withdrawal through the private link --------------------------------------------


def withdraw(contribution: Contribution) -> None:
    """The contributor takes a contribution back (through the private link).

    Waiting for moderation: it is withdrawn and its photos, name and e-mail
    address are erased. An accepted treasure's catalogue object is withdrawn
    from the site by the system (its images stay in the catalogue for the
    editorial team to decide on), and the contributor's name is replaced by
    "anonymous" in its credits, in its history included. An accepted hint
    disappears from its object's page; a hint merged into the record stays in
    the record's text, only the hint and who sent it are forgotten. Already
    withdrawn, rejected or expired: nothing happens.
    """
    model = type(contribution)
    with transaction.atomic():
        model.objects.select_for_update().filter(pk=contribution.pk).first()
        contribution.refresh_from_db()
        if contribution.state not in (State.SUBMITTED, State.ACCEPTED):
            return
        accepted = contribution.state == State.ACCEPTED
        name = contribution.contributor_name.strip()
        if accepted and isinstance(contribution, SharedTreasure):
            heritage_object = contribution.heritage_object
            if heritage_object is not None:
                if name:
                    _anonymise_credits(heritage_object, name)
                services.withdraw_object(heritage_object, by=None)
        contribution.state = State.WITHDRAWN
        contribution.withdrawn_at = timezone.now()
        fields = ["state", "withdrawn_at"]
        if isinstance(contribution, Hint):
            contribution.outcome = ""  # an outcome only belongs to accepted hints
            fields.append("outcome")
        contribution.save(update_fields=fields)
        erase_personal_data(contribution)
        if accepted and isinstance(contribution, Hint):
            # Its page's cache and the search queue follow the object's updated_at.
            contribution.heritage_object.save(update_fields=["updated_at"])


def _anonymise_credits(heritage_object: HeritageObject, name: str) -> None:
    """Replace the contributor's name in the object's credits, its images'
    creators, and the versions and comments of its history."""
    # Whole words only: a short pseudonym must not eat into other words.
    pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)")
    # What an anonymous contribution is credited as, in the catalogue's language.
    neutral = history.site_language_text(gettext_noop("anonymous"))
    changed = []
    for field_name in ("credit_line", "rights_holder"):
        value = getattr(heritage_object, field_name)
        replaced = pattern.sub(neutral, value)
        if replaced != value:
            setattr(heritage_object, field_name, replaced)
            changed.append(field_name)
    if changed:
        heritage_object.save(update_fields=[*changed, "updated_at"])
    for image in heritage_object.images.all():
        replaced = pattern.sub(neutral, image.creator)
        if replaced != image.creator:
            ObjectImage.objects.filter(pk=image.pk).update(creator=replaced)
    _anonymise_history(heritage_object, pattern, neutral)


def _anonymise_history(
    heritage_object: HeritageObject, pattern: re.Pattern[str], neutral: str
) -> None:
    from reversion.models import Revision, Version

    revisions = Revision.objects.filter(
        version__content_type=ContentType.objects.get_for_model(HeritageObject),
        version__object_id=str(heritage_object.pk),
    ).distinct()
    for revision in revisions:
        comment = pattern.sub(neutral, revision.comment)
        if comment != revision.comment:
            Revision.objects.filter(pk=revision.pk).update(comment=comment)
    for version in Version.objects.filter(revision__in=revisions, format="json"):
        try:
            rows = json.loads(version.serialized_data)
        except ValueError:
            continue
        changed = False
        for row in rows if isinstance(rows, list) else []:
            fields = row.get("fields", {}) if isinstance(row, dict) else {}
            for field_name in CREDIT_FIELDS:
                value = fields.get(field_name)
                if isinstance(value, str):
                    replaced = pattern.sub(neutral, value)
                    if replaced != value:
                        fields[field_name] = replaced
                        changed = True
        if changed:
            Version.objects.filter(pk=version.pk).update(
                serialized_data=json.dumps(rows, ensure_ascii=False)
            )


# -- the retention period ------------------------------------------------------------


@dataclass
class PurgeReport:
    """What purge_personal_data did (or, in a dry run, would do)."""

    expired: int = 0  # waited too long for moderation: files and personal data erased
    erased: int = 0  # decided: e-mail address (and, unless a public credit, name) erased
    deleted: int = 0  # rejected, withdrawn or expired rows deleted
    actions: list[str] = field(default_factory=list)  # one line per contribution

    @property
    def total(self) -> int:
        return self.expired + self.erased + self.deleted


def _label(contribution: Contribution) -> str:
    return f"{contribution._meta.verbose_name} #{contribution.pk}"


def purge_personal_data(
    *,
    now: datetime.datetime | None = None,
    dry_run: bool = False,
    log: Callable[[str], None] | None = None,
) -> PurgeReport:
    """Apply the retention period (KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS).

    Counted from submission, as the privacy notice promises: a contribution
    nobody decided within the period expires, its photos, name and e-mail
    address are erased; a decided one loses its e-mail address (an accepted
    one keeps its name as the public credit; a rejected or withdrawn one has
    lost it at that moment already). Rejected, withdrawn and expired rows
    are deleted once the period has passed since their decision too, so an
    expired one stays visible to the editorial team for one more period,
    without personal data. Idempotent; each contribution in its own
    transaction. ``log`` is called with one line per contribution.
    """
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS)
    report = PurgeReport()

    def note(action: str, contribution: Contribution) -> None:
        line = gettext("%(contribution)s of %(date)s: %(action)s") % {
            "contribution": _label(contribution),
            "date": formats.date_format(timezone.localtime(contribution.submitted_at)),
            "action": action,
        }
        report.actions.append(line)
        if log is not None:
            log(line)

    for model in (SharedTreasure, Hint):
        old = model.objects.filter(submitted_at__lt=cutoff)
        for contribution in old.filter(state=State.SUBMITTED).order_by("pk"):
            report.expired += 1
            note(gettext("expired; photos, name and e-mail address erased"), contribution)
            if not dry_run:
                _expire(contribution, now=now)
        holding = old.exclude(state=State.SUBMITTED).filter(
            Q(personal_data_erased_at__isnull=True) | ~Q(email="")
        )
        for contribution in holding.order_by("pk"):
            report.erased += 1
            note(
                gettext("e-mail address erased")
                if contribution.state == State.ACCEPTED
                else gettext("name and e-mail address erased"),
                contribution,
            )
            if not dry_run:
                erase_personal_data(
                    contribution, keep_credit=contribution.state == State.ACCEPTED
                )
        # Withdrawn, rejected or expired before the cutoff as well.
        finished = old.filter(
            Q(state=State.WITHDRAWN)
            & (Q(withdrawn_at__lt=cutoff) | Q(withdrawn_at__isnull=True))
            | Q(state__in=[State.REJECTED, State.EXPIRED])
            & (Q(decided_at__lt=cutoff) | Q(decided_at__isnull=True))
        )
        for contribution in finished.order_by("pk"):
            report.deleted += 1
            note(gettext("deleted"), contribution)
            if not dry_run:
                with transaction.atomic():
                    if isinstance(contribution, SharedTreasure):
                        delete_photos(contribution)
                    contribution.delete()
    return report


def _expire(contribution: Contribution, *, now: datetime.datetime) -> None:
    with transaction.atomic():
        updated = (
            type(contribution)
            .objects.filter(pk=contribution.pk, state=State.SUBMITTED)
            .update(state=State.EXPIRED, decided_at=now)
        )
        if updated:  # not decided by a moderator in the meantime
            contribution.refresh_from_db()
            erase_personal_data(contribution)


# -- telling contributors their contribution is public -------------------------------------


def notifiable_treasures():
    return SharedTreasure.objects.filter(
        state=State.ACCEPTED,
        notified_at__isnull=True,
        heritage_object__in=HeritageObject.objects.published(),
    ).exclude(email="")


def notifiable_hints():
    # A merged hint is public too: in the text of a published record.
    return Hint.objects.filter(
        state=State.ACCEPTED,
        outcome__in=[Hint.Outcome.SHOWN, Hint.Outcome.MERGED],
        notified_at__isnull=True,
        heritage_object__in=HeritageObject.objects.published(),
    ).exclude(email="")


def notify_contributors() -> int:
    """Mail every contributor whose accepted contribution is public now, once.

    In the language the contribution was sent in, with the link to the public
    page; the e-mail address is erased as soon as the mail is out (the only
    purpose it was given for). A mail that fails is logged and tried again on
    the next run. Returns how many mails were sent.
    """
    sent = 0
    for queryset in (notifiable_treasures(), notifiable_hints()):
        for contribution in queryset.select_related("heritage_object").order_by("pk"):
            model = type(contribution)
            now = timezone.now()
            # Claim the row first: a second run at the same time sends nothing.
            if not model.objects.filter(pk=contribution.pk, notified_at__isnull=True).update(
                notified_at=now
            ):
                continue
            try:
                _send_notice(contribution)
            except Exception:  # SMTP refusals, timeouts, a broken template
                logger.exception("could not notify the contributor of %s", _label(contribution))
                model.objects.filter(pk=contribution.pk).update(notified_at=None)
                continue
            model.objects.filter(pk=contribution.pk).update(email="")
            sent += 1
    return sent


def _send_notice(contribution: Contribution) -> None:
    heritage_object = contribution.heritage_object  # type: ignore[attr-defined]
    is_treasure = isinstance(contribution, SharedTreasure)
    with translation.override(contribution.language or settings.LANGUAGE_CODE):
        context = {
            "name": contribution.contributor_name,
            "is_treasure": is_treasure,
            "merged": not is_treasure and contribution.outcome == Hint.Outcome.MERGED,
            "title": contribution.title if is_treasure else heritage_object.display_title()[0],
            "url": settings.KULTURSCHATZ_PUBLIC_URL.rstrip("/")
            + heritage_object.get_absolute_url(),
            "site_name": "Kulturschatz Merseburg",
        }
        subject = render_to_string("contributions/mail/published_subject.txt", context)
        body = render_to_string("contributions/mail/published_body.txt", context)
    send_mail(" ".join(subject.split()), body.strip() + "\n", None, [contribution.email])


def schedule_notifications() -> None:
    """Run notify_contributors in the task queue once the transaction commits."""
    from .tasks import notify_contributors_task

    transaction.on_commit(notify_contributors_task)

