import pytest


@pytest.fixture(autouse=True)
def _german_by_default(settings):
    settings.LANGUAGE_CODE = "de"
