"""What the archive keeps of contributors (kulturschatz.contributions.privacy):
withdrawal through the private link, the retention period and its command,
the one publication notice, and that backups and the orphan-file cleanup
treat contribution photos as data."""

import datetime
import io
import json
from smtplib import SMTPException

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Revision, Version

from kulturschatz.collections import backup, services
from kulturschatz.collections.models import HeritageObject
from kulturschatz.contributions import moderation, privacy
from kulturschatz.contributions.models import (
    ContributionPhoto,
    Hint,
    Licence,
    SharedTreasure,
    State,
)
from tests import factories
from tests.contributions_tests import rows
from tests.contributions_tests.rows import photo_names

pytestmark = pytest.mark.django_db
Status = HeritageObject.Status
NAME = "Anna Beispiel"
DAYS = settings.KULTURSCHATZ_CONTRIBUTION_RETENTION_DAYS


def make_treasure(*, photos: int = 1, **fields) -> SharedTreasure:
    values = {
        "title": "Die Kaffeemühle meiner Großmutter",
        "story": "Sie stand in der Küche in der Breiten Straße.",
        "date_text": "um 1950",
        "place_text": "",
        "contributor_name": NAME,
        "email": "anna@example.org",
        "licence": Licence.CC_BY,
        **fields,
    }
    return rows.make_treasure(photos=photos, photo_size=(320, 240), **values)


def make_hint(heritage_object: HeritageObject, **fields) -> Hint:
    values = {
        "text": "Das Haus hieß früher „Zum Goldenen Stern“.",
        "contributor_name": NAME,
        "email": "anna@example.org",
        **fields,
    }
    return rows.make_hint(heritage_object, **values)


def accepted_treasure(*, publish: bool = True, **fields) -> SharedTreasure:
    """Accepted by moderation; its on-commit work (the notice among it) not run."""
    treasure = make_treasure(**fields)
    moderation.accept_treasure(treasure, by=None, publish=publish)
    treasure.refresh_from_db()
    return treasure


def age(contribution, days: float, *, decided: float | None = None) -> None:
    """Move a contribution's submission (and decision) ``days`` into the past."""
    now = timezone.now()
    fields = {"submitted_at": now - datetime.timedelta(days=days)}
    if decided is not None:
        fields["decided_at"] = now - datetime.timedelta(days=decided)
    type(contribution).objects.filter(pk=contribution.pk).update(**fields)
    contribution.refresh_from_db()


# -- withdrawal ------------------------------------------------------------------------


def test_withdrawing_a_pending_treasure_erases_photos_and_personal_data(
    django_capture_on_commit_callbacks,
):
    treasure = make_treasure(photos=2)
    names = photo_names(treasure)
    assert all(default_storage.exists(name) for name in names)

    with django_capture_on_commit_callbacks(execute=True):
        privacy.withdraw(treasure)

    treasure.refresh_from_db()
    assert treasure.state == State.WITHDRAWN
    assert treasure.withdrawn_at is not None and treasure.personal_data_erased_at is not None
    assert (treasure.contributor_name, treasure.email) == ("", "")
    assert not ContributionPhoto.objects.filter(treasure=treasure).exists()
    assert not any(default_storage.exists(name) for name in names)


def test_withdrawing_an_accepted_treasure_takes_the_object_off_the_site(
    client, django_capture_on_commit_callbacks
):
    treasure = accepted_treasure()
    heritage_object = treasure.heritage_object
    assert NAME in heritage_object.credit_line
    assert heritage_object.images.get().creator == NAME
    assert client.get(heritage_object.get_absolute_url()).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        privacy.withdraw(treasure)

    treasure.refresh_from_db()
    heritage_object.refresh_from_db()
    assert treasure.state == State.WITHDRAWN
    assert (treasure.contributor_name, treasure.email) == ("", "")
    assert heritage_object.status == Status.WITHDRAWN
    assert not HeritageObject.objects.published().filter(pk=heritage_object.pk).exists()
    assert client.get(heritage_object.get_absolute_url()).status_code == 404
    # The credits no longer name the contributor, in the history neither.
    assert heritage_object.rights_holder == "anonym"
    assert NAME not in heritage_object.credit_line and "anonym" in heritage_object.credit_line
    assert heritage_object.images.get().creator == "anonym"
    revisions = Revision.objects.filter(
        version__object_id=str(heritage_object.pk)
    ).distinct()
    assert revisions.count() >= 2
    assert not any(NAME in revision.comment for revision in revisions)
    for version in Version.objects.filter(revision__in=revisions):
        assert NAME not in json.loads(version.serialized_data)[0]["fields"].values()
        assert NAME not in version.serialized_data


def test_withdrawing_an_accepted_draft_treasure_withdraws_the_draft():
    treasure = accepted_treasure(publish=False)
    privacy.withdraw(treasure)
    treasure.heritage_object.refresh_from_db()
    assert treasure.heritage_object.status == Status.WITHDRAWN


def test_a_short_pseudonym_is_replaced_as_a_word_only():
    treasure = accepted_treasure(contributor_name="Bürger")
    heritage_object = treasure.heritage_object
    assert heritage_object.credit_line.startswith("Bürgerschatz")  # moderation's wording
    privacy.withdraw(treasure)
    heritage_object.refresh_from_db()
    assert heritage_object.credit_line.startswith("Bürgerschatz")
    assert heritage_object.credit_line.endswith("anonym")


def test_withdrawing_an_accepted_hint_hides_it_and_touches_its_object():
    heritage_object = factories.make_object()
    hint = make_hint(heritage_object)
    moderation.accept_hint(hint, by=None, outcome=Hint.Outcome.SHOWN)
    before = HeritageObject.objects.get(pk=heritage_object.pk).updated_at
    assert list(heritage_object.hints.shown()) == [hint]

    privacy.withdraw(hint)

    hint.refresh_from_db()
    assert (hint.state, hint.outcome) == (State.WITHDRAWN, "")
    assert (hint.contributor_name, hint.email) == ("", "")
    assert list(heritage_object.hints.shown()) == []
    assert HeritageObject.objects.get(pk=heritage_object.pk).updated_at > before


def test_withdrawing_a_pending_hint():
    hint = make_hint(factories.make_object())
    privacy.withdraw(hint)
    hint.refresh_from_db()
    assert hint.state == State.WITHDRAWN and hint.personal_data_erased_at is not None


@pytest.mark.parametrize("state", [State.REJECTED, State.WITHDRAWN, State.EXPIRED])
def test_withdrawing_again_or_after_a_decision_changes_nothing(state):
    treasure = make_treasure(photos=0, state=state)
    privacy.withdraw(treasure)
    treasure.refresh_from_db()
    assert treasure.state == state
    assert treasure.withdrawn_at is None and treasure.contributor_name == NAME


# -- the retention period ------------------------------------------------------------


def test_pending_contributions_expire_exactly_after_the_period(
    django_capture_on_commit_callbacks,
):
    now = timezone.now()
    older = make_treasure()
    younger = make_treasure()
    hint = make_hint(factories.make_object())
    period = datetime.timedelta(days=DAYS)
    second = datetime.timedelta(seconds=1)
    SharedTreasure.objects.filter(pk=older.pk).update(submitted_at=now - period - second)
    SharedTreasure.objects.filter(pk=younger.pk).update(submitted_at=now - period + second)
    Hint.objects.filter(pk=hint.pk).update(submitted_at=now - period - second)
    names = photo_names(older)

    with django_capture_on_commit_callbacks(execute=True):
        report = privacy.purge_personal_data(now=now)

    assert (report.expired, report.erased, report.deleted) == (2, 0, 0)
    older.refresh_from_db()
    younger.refresh_from_db()
    hint.refresh_from_db()
    assert older.state == hint.state == State.EXPIRED
    assert (older.contributor_name, older.email, hint.email) == ("", "", "")
    assert not older.photos.exists() and not any(default_storage.exists(n) for n in names)
    assert younger.state == State.SUBMITTED and younger.email and younger.photos.exists()
    # Idempotent: nothing left to do at the same moment.
    assert privacy.purge_personal_data(now=now).total == 0
    # Expired rows are deleted one period after they expired.
    later = now + period + second
    report = privacy.purge_personal_data(now=later)
    assert (report.deleted, report.expired) == (2, 1)  # ``younger`` expires now
    assert not SharedTreasure.objects.filter(pk=older.pk).exists()
    assert not Hint.objects.filter(pk=hint.pk).exists()


def test_decided_contributions_lose_the_email_and_finished_ones_their_row():
    accepted = accepted_treasure()
    rejected = make_treasure(photos=0)
    moderation.reject(rejected, by=None)
    withdrawn = make_treasure(photos=0)
    privacy.withdraw(withdrawn)
    age(accepted, DAYS + 1)
    age(rejected, DAYS + 1, decided=DAYS + 1)
    # Withdrawn yesterday, submitted long ago: kept another period.
    age(withdrawn, DAYS + 1)

    report = privacy.purge_personal_data()

    assert (report.expired, report.erased, report.deleted) == (0, 1, 1)
    accepted.refresh_from_db()
    assert accepted.email == "" and accepted.contributor_name == NAME  # the public credit
    assert accepted.personal_data_erased_at is not None
    assert not SharedTreasure.objects.filter(pk=rejected.pk).exists()
    assert SharedTreasure.objects.filter(pk=withdrawn.pk).exists()
    assert HeritageObject.objects.published().filter(pk=accepted.heritage_object_id).exists()
    assert privacy.purge_personal_data().total == 0


def test_the_command_reports_and_its_dry_run_changes_nothing():
    old = make_treasure(photos=0)
    age(old, DAYS + 2)
    out = io.StringIO()
    call_command("purge_contributions", "--dry-run", stdout=out)
    text = out.getvalue()
    assert f"#{old.pk}" in text and "Probelauf" in text and "1 Beitrag abgelaufen" in text
    old.refresh_from_db()
    assert old.state == State.SUBMITTED and old.email

    out = io.StringIO()
    call_command("purge_contributions", stdout=out)
    assert "1 Beitrag abgelaufen" in out.getvalue()
    assert f"{DAYS} Tagen" in out.getvalue()
    old.refresh_from_db()
    assert old.state == State.EXPIRED and old.email == ""

    out = io.StringIO()
    call_command("purge_contributions", stdout=out)
    assert "Kein Beitrag" in out.getvalue()


def test_the_command_shows_progress_for_many(monkeypatch):
    from kulturschatz.contributions.management.commands import purge_contributions

    monkeypatch.setattr(purge_contributions, "PROGRESS_EVERY", 2)
    for _ in range(5):
        age(make_treasure(photos=0), DAYS + 1)
    out = io.StringIO()
    call_command("purge_contributions", stdout=out)
    assert out.getvalue().count("bisher") == 2  # after 2 and 4
    assert "5 Beiträge abgelaufen" in out.getvalue()


# -- the publication notice ------------------------------------------------------------


def test_one_mail_per_public_contribution_in_its_language(mailoutbox):
    german = accepted_treasure()
    english = accepted_treasure(language="en", contributor_name="Ann")
    mailoutbox.clear()

    assert privacy.notify_contributors() == 2

    by_address = {mail.to[0]: mail for mail in mailoutbox}
    assert len(mailoutbox) == 2 and set(by_address) == {"anna@example.org"}  # same address
    german_mail, english_mail = mailoutbox
    german_url = settings.KULTURSCHATZ_PUBLIC_URL + german.heritage_object.get_absolute_url()
    assert german_url in german_mail.body
    assert "Kulturschatz Merseburg" in german_mail.subject and "Schatz" in german_mail.subject
    assert f"Guten Tag {NAME}," in german_mail.body
    assert "privaten Link" in german_mail.body
    assert "Your treasure" in english_mail.subject and "Hello Ann," in english_mail.body
    assert "/en/" in english_mail.body
    for treasure in (german, english):
        treasure.refresh_from_db()
        assert treasure.email == "" and treasure.notified_at is not None
        assert treasure.contributor_name  # the credit stays
    assert privacy.notify_contributors() == 0


def test_no_mail_for_a_draft_until_it_is_published(mailoutbox):
    treasure = accepted_treasure(publish=False)
    assert privacy.notify_contributors() == 0 and mailoutbox == []
    treasure.refresh_from_db()
    assert treasure.email and treasure.notified_at is None

    services.publish_object(treasure.heritage_object, by=None)
    assert privacy.notify_contributors() == 1
    assert mailoutbox[0].to == ["anna@example.org"]


def test_no_mail_during_an_embargo(mailoutbox):
    treasure = accepted_treasure()
    HeritageObject.objects.filter(pk=treasure.heritage_object_id).update(
        embargo_until=timezone.localdate() + datetime.timedelta(days=3)
    )
    mailoutbox.clear()
    assert privacy.notify_contributors() == 0


def test_hints_are_announced_when_shown_on_a_public_object(mailoutbox):
    public = factories.make_object()
    draft = factories.make_object(status=Status.DRAFT)
    shown = make_hint(public)
    hidden = make_hint(draft, email="b@example.org")
    pending = make_hint(public, email="c@example.org")
    for hint in (shown, hidden):
        moderation.accept_hint(hint, by=None, outcome=Hint.Outcome.SHOWN)

    assert privacy.notify_contributors() == 1
    (mail,) = mailoutbox
    assert mail.to == ["anna@example.org"]
    assert public.get_absolute_url() in mail.body and "Hinweis" in mail.subject
    pending.refresh_from_db()
    assert pending.email == "c@example.org"


def test_a_failed_mail_is_tried_again_on_the_next_run(mailoutbox, monkeypatch, caplog):
    treasure = accepted_treasure()
    mailoutbox.clear()

    def refuse(*args, **kwargs):
        raise SMTPException("451 try again later")

    monkeypatch.setattr(privacy, "send_mail", refuse)
    assert privacy.notify_contributors() == 0
    treasure.refresh_from_db()
    assert treasure.email == "anna@example.org" and treasure.notified_at is None
    assert "could not notify" in caplog.text

    monkeypatch.undo()
    assert privacy.notify_contributors() == 1
    assert len(mailoutbox) == 1


def test_schedule_notifications_sends_after_commit(
    mailoutbox, django_capture_on_commit_callbacks
):
    treasure = make_treasure()
    with django_capture_on_commit_callbacks(execute=True):
        moderation.accept_treasure(treasure, by=None, publish=True)
    # accept_treasure schedules the notice; huey runs it at once in the tests.
    assert len(mailoutbox) == 1
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        privacy.schedule_notifications()
    assert mailoutbox == []  # nothing left to announce


def test_the_periodic_tasks_run_the_services(mailoutbox):
    from kulturschatz.contributions import tasks

    treasure = accepted_treasure()
    old = make_treasure(photos=0)
    age(old, DAYS + 1)
    tasks.notify_contributors_periodic_task()
    tasks.purge_contributions_task()  # huey runs tasks at once in the tests
    assert len(mailoutbox) == 1
    treasure.refresh_from_db()
    old.refresh_from_db()
    assert treasure.email == "" and old.state == State.EXPIRED


# -- backups and orphan files --------------------------------------------------------------


def test_pending_photos_are_no_orphans_and_are_backed_up():
    treasure = make_treasure()
    (name,) = photo_names(treasure)
    assert name.startswith("contributions/")
    assert name in backup.referenced_files()
    assert name not in backup.find_orphan_files(older_than=datetime.timedelta(0))
    labels = {model._meta.label_lower for model in backup.dumped_models()}
    assert {"contributions.sharedtreasure", "contributions.contributionphoto",
            "contributions.hint"} <= labels  # fmt: skip
    counts, named = backup.dump_database(io.BytesIO())
    assert counts["contributions.contributionphoto"] == 1 and name in named

    ContributionPhoto.objects.filter(treasure=treasure).delete()
    assert name in backup.find_orphan_files(older_than=datetime.timedelta(0))
