"""An object published with an embargo appears on its date without anyone
acting: pages at once (published() compares dates), and through the hourly
release_embargoes task everything that keys on changes (search index and
facets, the home page's cache, sitemap, OAI-PMH datestamps, IIIF discovery)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kulturschatz.collections import services, views
from kulturschatz.collections.models import HeritageObject
from kulturschatz.iiif.models import Activity
from kulturschatz.search.services import last_change
from tests import factories
from tests.metadata_tests.test_oai import identifiers, oai
from tests.search_tests import whoosh_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _oai_and_search(settings, tmp_path):
    settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER = "kulturschatz.example.org"
    with whoosh_settings(tmp_path / "index"):
        yield


def search(client, text: str) -> dict:
    return client.get("/api/search", {"q": text}).json()


def embargoed(title: str, until: datetime.date, **fields) -> HeritageObject:
    heritage_object = factories.make_object(title=title, embargo_until=until, **fields)
    return services.publish_object(heritage_object)


def as_if_saved_days_ago(
    heritage_object: HeritageObject, days: int, *, embargo_until: datetime.date
) -> None:
    """Time passes: the last save lies ``days`` back and the embargo's day has
    come (update() leaves updated_at alone and runs no signal)."""
    HeritageObject.objects.filter(pk=heritage_object.pk).update(
        embargo_until=embargo_until,
        updated_at=timezone.now() - datetime.timedelta(days=days),
    )


def test_an_embargo_ends_on_its_date_everywhere_without_anyone_acting(
    client, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        factories.make_object(
            title="Merseburger Domschatz, Kelch",
            institution=factories.make_institution(),
        )
        photo = embargoed(
            "Luftbild der Leunawerke 1944", today + datetime.timedelta(days=1)
        )
    assert client.get(photo.get_absolute_url()).status_code == 404
    assert search(client, "Leunawerke")["total"] == 0
    assert views.home_figures()["object_count"] == 1
    assert not Activity.objects.filter(object_identifier=photo.identifier).exists()

    as_if_saved_days_ago(photo, 2, embargo_until=today)
    # Pages ask published(), which compares with today's date: public at once.
    assert client.get(photo.get_absolute_url()).status_code == 200
    # What keys on changes has not noticed yet: nothing was saved.
    assert search(client, "Leunawerke")["total"] == 0
    assert views.home_figures()["object_count"] == 1
    before = last_change()

    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("release_embargoes", stdout=out)
    assert photo.identifier in out.getvalue()
    result = search(client, "Leunawerke")
    assert [r["title"] for r in result["results"]] == ["Luftbild der Leunawerke 1944"]
    institution_counts = {
        v["label"]: v["count"] for v in result["facets"]["institution"]
    }
    assert institution_counts == {photo.institution.name: 1}
    assert last_change() != before
    assert views.home_figures()["object_count"] == 2
    assert [
        a.type for a in Activity.objects.filter(object_identifier=photo.identifier)
    ] == ["Create"]
    photo.refresh_from_db()
    assert photo.updated_at > timezone.now() - datetime.timedelta(minutes=1)
    sitemap = client.get("/sitemap.xml").content.decode()
    assert (
        f"/objekt/{photo.identifier}/" in sitemap
        and f"<lastmod>{today.isoformat()}</lastmod>" in sitemap
    )
    since = (
        (timezone.now() - datetime.timedelta(hours=1))
        .astimezone(datetime.UTC)
        .strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    root = oai(
        client, verb="ListIdentifiers", metadataPrefix="oai_dc", **{"from": since}
    )
    assert photo.identifier in identifiers(root, deleted=False)

    # Idempotent: the next hourly run finds nothing and changes nothing.
    settled = last_change()
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("release_embargoes", stdout=out)
    assert "No embargo has ended" in out.getvalue()
    assert last_change() == settled
    assert Activity.objects.filter(object_identifier=photo.identifier).count() == 1


def test_running_embargoes_and_unpublished_objects_are_left_alone():
    today = timezone.localdate()
    waiting = embargoed("Noch gesperrt", today + datetime.timedelta(days=3))
    as_if_saved_days_ago(waiting, 2, embargo_until=today + datetime.timedelta(days=3))
    draft = factories.make_object(
        title="Entwurf", status=HeritageObject.Status.DRAFT, embargo_until=today
    )
    as_if_saved_days_ago(draft, 2, embargo_until=today)
    # Saved after its embargo ended: that save did what a release would do.
    factories.make_object(
        title="Schon gespeichert", embargo_until=today - datetime.timedelta(days=1)
    )
    assert services.release_embargoes() == []


def test_the_release_runs_hourly_in_the_task_queue():
    from huey.contrib.djhuey import HUEY

    from kulturschatz.collections import tasks

    just_after_midnight = datetime.datetime(2026, 3, 1, 0, 1)
    due = [task.name for task in HUEY.read_periodic(just_after_midnight)]
    assert "release_embargoes_task" in due and "purge_trash_task" not in due
    at_night = [
        task.name for task in HUEY.read_periodic(datetime.datetime(2026, 3, 1, 3, 17))
    ]
    assert "purge_trash_task" in at_night and "release_embargoes_task" not in at_night

    photo = embargoed("Gesperrt bis heute", timezone.localdate())
    as_if_saved_days_ago(photo, 1, embargo_until=timezone.localdate())
    assert tasks.release_embargoes_task.call_local() == 1
    assert tasks.release_embargoes_task.call_local() == 0


def test_published_at_marks_the_first_day_in_public_not_the_decision(client):
    """OAI-PMH reports an object hidden again as deleted when it "was public
    once" (published_at); one published under an embargo that lies ahead has
    not been, so withdrawing or deleting it before its day leaves no trace."""
    from kulturschatz.metadata.models import DeletedRecord

    today = timezone.localdate()
    waiting = embargoed("Gesperrte Urkunde", today + datetime.timedelta(days=5))
    assert waiting.published_at is None
    services.withdraw_object(waiting)
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert waiting.identifier not in identifiers(root)
    services.delete_object(waiting, by=None)
    assert not DeletedRecord.objects.filter(identifier=waiting.identifier).exists()

    # On its day the release marks it public; hidden later, it is reported deleted.
    released = embargoed("Freigegebene Urkunde", today + datetime.timedelta(days=5))
    as_if_saved_days_ago(released, 6, embargo_until=today)
    services.release_embargoes()
    released.refresh_from_db()
    assert released.published_at is not None
    services.withdraw_object(released)
    root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert released.identifier in identifiers(root, deleted=True)

    # An embargo cleared on a published object makes it public at once.
    cleared = embargoed("Sofort freigegeben", today + datetime.timedelta(days=5))
    cleared.embargo_until = None
    services.publish_object(cleared)
    assert cleared.published_at is not None
