"""The index update queue: rows written with the change, flushed after commit."""

import datetime
import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from kulturschatz.collections.models import HeritageObject
from kulturschatz.search import services
from kulturschatz.search.backends import get_search_backend
from kulturschatz.search.models import IndexJob, PendingIndexUpdate

from ..factories import make_object
from . import whoosh_settings

INDEX_DIR = Path(tempfile.mkdtemp(prefix="whoosh-queue-"))


@whoosh_settings(INDEX_DIR)
class IndexQueueTests(TestCase):
    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(INDEX_DIR, ignore_errors=True)

    def test_a_change_is_queued_in_its_transaction_and_indexed_after_commit(self):
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            obj = make_object(title="Silberner Abendmahlskelch")
        self.assertTrue(PendingIndexUpdate.objects.filter(object_id=obj.pk, done_at=None).exists())
        self.assertNotIn(obj.pk, get_search_backend().indexed_pks())
        for callback in callbacks:  # the commit happens: the task runs
            callback()
        self.assertIn(obj.pk, get_search_backend().indexed_pks())
        self.assertFalse(PendingIndexUpdate.objects.filter(object_id=obj.pk, done_at=None).exists())

    def test_rows_a_lost_task_left_behind_are_indexed_by_the_next_flush(self):
        with self.captureOnCommitCallbacks(execute=False):  # the task never runs
            obj = make_object(title="Zinnteller aus Lützen")
        self.assertEqual(services.flush_pending(), 1)
        self.assertIn(obj.pk, get_search_backend().indexed_pks())
        self.assertEqual(services.flush_pending(), 0)

    def test_ended_embargoes_are_queued(self):
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        obj = make_object(title="Gesperrtes Foto", embargo_until=yesterday)
        make_object(title="Noch gesperrt", embargo_until=timezone.localdate() + datetime.timedelta(days=3))
        PendingIndexUpdate.objects.all().delete()
        self.assertEqual(services.queue_ended_embargoes(), 1)
        self.assertEqual(list(PendingIndexUpdate.objects.values_list("object_id", flat=True)), [obj.pk])

    def test_rebuild_command_reports_and_records_the_job(self):
        make_object(title="Taufschale")
        make_object(title="Entwurf", status=HeritageObject.Status.DRAFT)
        call_command("rebuild_search_index", "--no-progress", verbosity=0)
        job = IndexJob.objects.get()
        self.assertEqual((job.state, job.total, job.done), ("done", 2, 2))
        self.assertEqual(len(get_search_backend().indexed_pks()), 2)

    def test_staff_see_rebuilds_in_the_admin(self):
        from ..factories import make_staff

        IndexJob.objects.create(backend="WhooshBackend", total=10, done=4)
        self.client.force_login(make_staff("Katalogisierung"))
        response = self.client.get("/admin/search/indexjob/")
        self.assertContains(response, "4 / 10 (40 %)")
