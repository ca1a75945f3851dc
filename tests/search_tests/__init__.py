from django.test import override_settings


def whoosh_settings(index_dir) -> override_settings:
    """Search with a Whoosh index of the test's own (one writer process)."""
    return override_settings(
        KULTURSCHATZ_SEARCH_BACKENDS={
            "default": {
                "BACKEND": "kulturschatz.search.backends.whoosh.WhooshBackend",
                "OPTIONS": {"index_dir": index_dir, "procs": 1},
            }
        }
    )
