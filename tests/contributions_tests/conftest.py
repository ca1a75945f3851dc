import pytest
from django.core.files.storage import default_storage

from kulturschatz.collections import backup


@pytest.fixture(autouse=True)
def _remove_photo_files():
    """Rolled-back rows leave their files: remove those this test wrote, so that
    other tests can count the files in contributions/."""
    before = set(backup.stored_files())
    yield
    for name in set(backup.stored_files()) - before:
        default_storage.delete(name)
