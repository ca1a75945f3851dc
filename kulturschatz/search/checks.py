from django.core import checks


@checks.register()
def check_search_backends(app_configs, **kwargs) -> list[checks.CheckMessage]:
    from django.conf import settings

    from .backends import get_search_backend
    from .backends.base import InvalidSearchBackendError

    errors: list[checks.CheckMessage] = []
    for alias in getattr(settings, "KULTURSCHATZ_SEARCH_BACKENDS", {}) or {
        "default": None
    }:
        try:
            backend = get_search_backend(alias)
        except InvalidSearchBackendError as error:
            errors.append(
                checks.Error(f"Search backend {error}", id="kulturschatz.search.E001")
            )
            continue
        for problem in backend.check():
            errors.append(checks.Error(problem, id="kulturschatz.search.E002"))
    return errors
