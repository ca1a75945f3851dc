"""Test settings: temporary media and var directories, fast hashing."""

import tempfile
from pathlib import Path

from kulturschatz.settings import *  # noqa: F403
from kulturschatz.settings import STORAGES

TEST_TMP = Path(tempfile.mkdtemp(prefix="kulturschatz-tests-"))
MEDIA_ROOT = TEST_TMP / "media"
STATIC_ROOT = TEST_TMP / "static"  # WhiteNoise wants it to exist
STATIC_ROOT.mkdir()
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT},
    },
    "iiif_derivatives": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT / "derivatives"},
    },
    # No collectstatic before tests: serve from the apps' static folders.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# django-axes stays on, as in production: log staff in with force_login(), or
# through the login form; client.login() must pass request=HttpRequest(),
# since the lock-out backend counts per request.
KULTURSCHATZ_DEMO_IMAGE_SCALE = 0.04

# Tasks run at once, in the test's own process and transaction.
HUEY = {**HUEY, "immediate": True}  # noqa: F405

KULTURSCHATZ_SEARCH_BACKENDS = {
    "default": {
        "BACKEND": "kulturschatz.search.backends.whoosh.WhooshBackend",
        "OPTIONS": {"index_dir": TEST_TMP / "whoosh", "procs": 1},
    },
}

# Rate limits count in the test run's own folder (tests.contributions_tests
# clears it per test); mail sent by live servers lands there too.
CACHES = {
    **CACHES,  # noqa: F405
    "ratelimit": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(TEST_TMP / "ratelimit"),
    },
}
EMAIL_FILE_PATH = str(TEST_TMP / "mail")
