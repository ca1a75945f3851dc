"""A WSGI layer in front of Django that sends stored IIIF derivatives directly.

Deep zoom asks for hundreds of tiles a minute per visitor. Each one is a file
the pyramid already holds, so running it through Django's middleware, URL
resolver and ORM costs far more than sending it. This layer answers exactly the
requests whose body is a stored file:

- anonymous requests (no cookie: staff previews always go through Django),
- for an image whose object is public and whose pyramid is complete,
- for a tile of the info.json grid or a whole-image rendering already cached,

with the same headers as the Django view (kulturschatz.iiif.views), using one
indexed SQL query that is compiled from ``HeritageObject.objects.published()``
itself, so visibility has still only one definition. Everything else, and any
error, falls through to Django unchanged.
"""

import datetime
import hashlib
import json
import re
import threading
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections
from django.utils import timezone
from django.utils.http import http_date, parse_http_date_safe, quote_etag

from . import derivatives, image_api

INFO_PATH = re.compile(r"^/iiif/(?P<version>[23])/(?P<identifier>[0-9a-f]{32})/info\.json$")
PATH = re.compile(
    r"^/iiif/(?P<version>[23])/(?P<identifier>[0-9a-f]{32})/(?P<region>[^/]+)"
    r"/(?P<size>[^/]+)/(?P<rotation>[^/]+)/(?P<quality>[a-z]+)\.(?P<format>[a-z]+)$"
)
PROFILES = {
    "3": "http://iiif.io/api/image/3/level2.json",
    "2": "http://iiif.io/api/image/2/level2.json",
}
CACHE_CONTROL = "public, max-age=2592000"

StartResponse = Callable[..., Any]
# Stands for the requested image in the compiled query (a UUID no image has).
PLACEHOLDER = uuid.UUID(int=0)


def with_identifier(parameter: Any, identifier: str) -> Any:
    """Put the requested identifier where the compiled query has the placeholder.

    The database adapter decides the form: a UUID on PostgreSQL, hex on SQLite.
    """
    if parameter == PLACEHOLDER:
        return uuid.UUID(hex=identifier)
    if parameter == PLACEHOLDER.hex:
        return identifier
    return parameter


class ImageRecord:
    __slots__ = ("width", "height", "sha256", "rights", "ready", "updated_at")

    def __init__(
        self, width: int, height: int, sha256: str, rights: str, ready: bool, updated_at: Any
    ) -> None:
        self.width, self.height, self.sha256 = width, height, sha256
        self.rights, self.ready = rights, ready
        if isinstance(updated_at, str):  # SQLite hands back text
            updated_at = datetime.datetime.fromisoformat(updated_at)
        if timezone.is_naive(updated_at):
            updated_at = timezone.make_aware(updated_at, datetime.UTC)
        self.updated_at = updated_at


class StoredDerivatives:
    """WSGI middleware: stored tiles and cached renderings without Django."""

    def __init__(self, application: Callable[[dict, StartResponse], Iterable[bytes]]) -> None:
        self.application = application
        self._query: tuple[datetime.date, str, tuple] | None = None
        self._lock = threading.Lock()

    def __call__(self, environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        if environ.get("REQUEST_METHOD") in ("GET", "HEAD") and not environ.get(
            "HTTP_COOKIE"
        ):
            path = environ.get("PATH_INFO", "")
            match = PATH.match(path)
            info = None if match else INFO_PATH.match(path)
            if match or info:
                try:
                    if match:
                        answered = self.answer(match, environ, start_response)
                    else:
                        answered = self.answer_info(info, environ, start_response)
                except (OSError, image_api.IIIFError):
                    answered = None  # Django answers, with its own error handling
                except DatabaseError:
                    answered = None
                    # A broken connection (server restart): let Django reconnect.
                    connections["default"].close_if_unusable_or_obsolete()
                if answered is not None:
                    return answered
        return self.application(environ, start_response)

    def public_image_query(self) -> tuple[str, tuple]:
        """SQL for one public, pyramid-ready image, compiled from published().

        The compiled query embeds today's date (embargoes): recompile daily.
        """
        from kulturschatz.collections.models import HeritageObject, ObjectImage

        today = timezone.localdate()
        with self._lock:
            if self._query is None or self._query[0] != today:
                queryset = ObjectImage.objects.filter(
                    heritage_object__in=HeritageObject.objects.published(),
                    uuid=PLACEHOLDER,
                ).values_list(
                    "width",
                    "height",
                    "sha256",
                    "rights",
                    "derivatives_state",
                    "derivatives_key",
                    "updated_at",
                )
                sql, params = queryset.query.sql_with_params()
                self._query = (today, sql, params)
            return self._query[1], self._query[2]

    def find_image(self, identifier: str) -> ImageRecord | None:
        sql, params = self.public_image_query()
        params = tuple(with_identifier(p, identifier) for p in params)
        connection = connections["default"]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        width, height, sha256, rights, state, key, updated_at = row
        # A pyramid of an older file, or one still being built, is never sent.
        ready = state == "ready" and bool(sha256) and key == sha256[:16]
        return ImageRecord(width, height, sha256, rights, ready, updated_at)

    def answer(
        self, match: re.Match[str], environ: dict, start_response: StartResponse
    ) -> Iterable[bytes] | None:
        version = int(match["version"])
        request = image_api.parse_request(
            match["region"], match["size"], match["rotation"], match["quality"],
            match["format"], version=version,
        )
        image = self.find_image(match["identifier"])
        if image is None or not image.ready:
            return None
        plan = image_api.plan_request(request, image.width, image.height, limits())
        name = derivatives.stored_path(
            f"{match['identifier']}/{image.sha256[:16]}", plan, image.width, image.height
        )
        if name is None:
            return None
        storage = derivatives.derivative_storage()
        try:
            path = storage.path(name)
        except NotImplementedError:
            return None  # remote storage: Django's view reads it
        try:
            handle = open(path, "rb")  # noqa: SIM115 - closed by the WSGI server
        except FileNotFoundError:
            return None
        return self.respond(environ, start_response, match, image, plan, handle)

    def answer_info(
        self, match: re.Match[str], environ: dict, start_response: StartResponse
    ) -> Iterable[bytes] | None:
        image = self.find_image(match["identifier"])
        if image is None:
            return None
        version = int(match["version"])
        document = image_api.info_document(
            base_uri(environ, match), image.width, image.height, image.rights, version, limits()
        )
        body = json.dumps(document, ensure_ascii=False).encode()
        etag = quote_etag(hashlib.sha256(body).hexdigest()[:32])
        headers = common_headers(match["version"], image, etag)
        if fresh(environ, etag, image.updated_at):
            start_response("304 Not Modified", headers)
            return []
        if "application/ld+json" in environ.get("HTTP_ACCEPT", ""):
            content_type = f'application/ld+json;profile="{image_api.CONTEXTS[version]}"'
        else:
            content_type = "application/json"
        headers += [("Content-Type", content_type), ("Content-Length", str(len(body)))]
        start_response("200 OK", headers)
        return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]

    def respond(self, environ, start_response, match, image: ImageRecord, plan, handle):
        canonical = image_api.canonical_parameters(plan, image.width, image.height)
        etag = derivatives.response_etag(image.sha256, canonical)
        canonical = f"{base_uri(environ, match)}/{canonical}"
        headers = common_headers(match["version"], image, etag)
        headers[1] = ("Link", f'{headers[1][1]}, <{canonical}>;rel="canonical"')
        if fresh(environ, etag, image.updated_at):
            handle.close()
            start_response("304 Not Modified", headers)
            return []
        handle.seek(0, 2)
        length = handle.tell()
        handle.seek(0)
        headers += [
            ("Content-Type", image_api.FORMATS[plan.format]),
            ("Content-Length", str(length)),
        ]
        start_response("200 OK", headers)
        if environ["REQUEST_METHOD"] == "HEAD":
            handle.close()
            return []
        file_wrapper = environ.get("wsgi.file_wrapper")
        if file_wrapper:  # sendfile in gunicorn
            return file_wrapper(handle, 256 * 1024)
        with handle:
            return [handle.read()]


def limits() -> image_api.Limits:
    return image_api.Limits(
        settings.KULTURSCHATZ_IIIF_MAX_WIDTH,
        settings.KULTURSCHATZ_IIIF_MAX_HEIGHT,
        settings.KULTURSCHATZ_IIIF_MAX_AREA,
    )


def base_uri(environ: dict, match: re.Match[str]) -> str:
    """The image's base URI as the client addressed it (proxy headers if trusted)."""
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    if settings.USE_X_FORWARDED_HOST and environ.get("HTTP_X_FORWARDED_HOST"):
        host = environ["HTTP_X_FORWARDED_HOST"].split(",")[0].strip()
    scheme = environ.get("wsgi.url_scheme", "http")
    proxy = settings.SECURE_PROXY_SSL_HEADER
    if proxy and environ.get(proxy[0], "").split(",")[0].strip() == proxy[1]:
        scheme = "https"
    return f"{scheme}://{host}/iiif/{match['version']}/{match['identifier']}"


def common_headers(version: str, image: ImageRecord, etag: str) -> list[tuple[str, str]]:
    """The headers the Django views send for a public image (Link stays second)."""
    return [
        ("Access-Control-Allow-Origin", "*"),
        ("Link", f'<{PROFILES[version]}>;rel="profile"'),
        ("Last-Modified", http_date(image.updated_at.timestamp())),
        ("ETag", etag),
        ("Cache-Control", CACHE_CONTROL),
        ("Vary", "Accept, Cookie"),
        # What Django's security middleware adds to its responses.
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", settings.SECURE_REFERRER_POLICY),
        ("Cross-Origin-Opener-Policy", settings.SECURE_CROSS_ORIGIN_OPENER_POLICY),
        ("X-Frame-Options", settings.X_FRAME_OPTIONS),
    ]


def fresh(environ: dict, etag: str, last_modified: datetime.datetime) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides; If-Modified-Since only without it.

    Used by the Django views too (their request.META is this WSGI environ).
    """
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return etag in tags or "*" in tags
    since = parse_http_date_safe(environ.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and int(last_modified.timestamp()) <= since
