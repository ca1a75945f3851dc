import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def _german_by_default(settings):
    settings.LANGUAGE_CODE = "de"


@pytest.fixture(autouse=True)
def _fresh_search_caches():
    """The search views keep labels for a minute per process; a test's rolled-back
    rows must not name another test's facets (primary keys are reused)."""
    yield
    from kulturschatz.search import views

    views._label_cache.clear()
    views._entity_cache.clear()
    # The home page's figures are cached by the catalogue's last change, which
    # a rolled-back test can leave looking the same as another test's.
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Mitmachen's rate limits count per client address, and every test client
    and browser is 127.0.0.1: each test starts with none counted."""
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()
