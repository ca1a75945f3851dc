"""The OAI-PMH endpoint at /oai: GET and POST, six verbs, errors in XML."""

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from lxml import etree

from kulturschatz.collections.models import HeritageObject

from . import protocol, repository, responses
from .protocol import OAIError, OAIRequest

Handler = Callable[[HttpRequest, OAIRequest, datetime], etree._Element]

_collector_lock = threading.Lock()
_collector_pauses = 0
_collector_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a page is built.

    A page of 100 full records allocates some 50,000 objects that live until the
    page is sent. With the collector running, every second page paid for a
    full collection of the whole heap (110-160 ms at 100,000 objects, measured
    in a worker); paused, the page's objects are collected once afterwards.
    The collector is process-wide, so threads serving pages at once share one
    pause.
    """
    global _collector_pauses, _collector_was_enabled
    with _collector_lock:
        if _collector_pauses == 0:
            _collector_was_enabled = gc.isenabled()
            gc.disable()
        _collector_pauses += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_pauses -= 1
            if _collector_pauses == 0 and _collector_was_enabled:
                gc.enable()


def identity(request: HttpRequest) -> responses.Identity:
    return responses.Identity(
        name=settings.KULTURSCHATZ_OAI_REPOSITORY_NAME,
        base_url=request.build_absolute_uri(reverse("oai")),
        admin_emails=tuple(settings.KULTURSCHATZ_OAI_ADMIN_EMAILS),
        repository_identifier=settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER,
    )


def metadata_format(prefix: str) -> responses.MetadataFormat:
    try:
        return responses.FORMATS[prefix]
    except KeyError:
        raise OAIError(
            protocol.CANNOT_DISSEMINATE_FORMAT,
            _("The format %(prefix)s is not offered here; the formats are %(formats)s.")
            % {"prefix": repr(prefix), "formats": ", ".join(responses.FORMATS)},
        ) from None


def find_entry(identifier: str, sets: repository.SetTree) -> repository.Entry:
    local = protocol.parse_identifier(
        settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER, identifier
    )
    entry = repository.find_entry(local, sets) if local else None
    if entry is None:
        raise OAIError(
            protocol.ID_DOES_NOT_EXIST,
            _("The repository holds no item %(identifier)s.")
            % {"identifier": repr(protocol.clean_text(identifier))},
        )
    return entry


def build_records(
    request: HttpRequest, entries: list[repository.Entry], prefix: str
) -> list[etree._Element]:
    """Records with metadata for the public entries; only published() objects
    are read, so one that stopped being public since is shown deleted."""
    build = metadata_format(prefix).build
    repository_identifier = settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER
    pks = [entry.object_pk for entry in entries if not entry.deleted]
    # Records are the same whatever language the harvester's headers ask for.
    with translation.override(settings.LANGUAGE_CODE):
        found = {
            item.pk: item
            for item in HeritageObject.objects.published()
            .with_full_record()
            .filter(pk__in=pks)
        }
        records = []
        for entry in entries:
            heritage_object = None if entry.deleted else found.get(entry.object_pk)
            if heritage_object is None and not entry.deleted:
                entry = repository.Entry(
                    entry.key, entry.identifier, True, entry.set_specs
                )
            metadata = (
                build(heritage_object, request.build_absolute_uri)
                if heritage_object is not None
                else None
            )
            records.append(responses.record(entry, repository_identifier, metadata))
    return records


# ---------------------------------------------------------------------------
# Verbs
# ---------------------------------------------------------------------------


def identify(
    request: HttpRequest, oai_request: OAIRequest, now: datetime
) -> etree._Element:
    return responses.identify(
        identity(request),
        earliest=repository.earliest_datestamp() or now,
        sample_identifier=repository.sample_identifier() or "objekt",
    )


def list_metadata_formats(
    request: HttpRequest, oai_request: OAIRequest, now: datetime
) -> etree._Element:
    # Every item, deleted ones too, is available in every format (a deleted
    # record is the header in any of them), so noMetadataFormats never arises.
    if oai_request.identifier is not None:
        find_entry(oai_request.identifier, repository.load_sets())
    return responses.list_metadata_formats(list(responses.FORMATS.values()))


def list_sets(
    request: HttpRequest, oai_request: OAIRequest, now: datetime
) -> etree._Element:
    sets = repository.load_sets().sets
    if not sets:
        raise OAIError(protocol.NO_SET_HIERARCHY, _("The repository has no sets yet."))
    if oai_request.resumption_token is not None:
        # The sets fit in one response: no ListSets token is ever issued.
        raise OAIError(
            protocol.BAD_RESUMPTION_TOKEN,
            _("The repository issues no resumptionToken for ListSets."),
        )
    return responses.list_sets(sets)


def get_record(
    request: HttpRequest, oai_request: OAIRequest, now: datetime
) -> etree._Element:
    metadata_format(oai_request.metadata_prefix)
    entry = find_entry(oai_request.identifier, repository.load_sets())
    records = build_records(request, [entry], oai_request.metadata_prefix)
    return responses.OAI.GetRecord(*records)


def list_items(
    request: HttpRequest, oai_request: OAIRequest, now: datetime
) -> etree._Element:
    """ListIdentifiers and ListRecords: one page, and a token for the next."""
    sets = repository.load_sets()
    page_size = settings.KULTURSCHATZ_OAI_PAGE_SIZE
    lifetime = settings.KULTURSCHATZ_OAI_TOKEN_LIFETIME
    if oai_request.resumption_token is not None:
        state = protocol.decode_token(
            oai_request.resumption_token, verb=oai_request.verb, max_age=lifetime
        )
        if state.set_spec is not None and not sets.has(state.set_spec):
            raise OAIError(
                protocol.BAD_RESUMPTION_TOKEN,
                _("The set of this list no longer exists; list the sets again."),
            )
        scope = repository.Scope(state.before, state.after, state.set_spec)
        prefix, last = state.metadata_prefix, state.last
        cursor, complete_list_size = state.cursor, state.complete_list_size
        listing = repository.Listing(scope, sets)
    else:
        prefix = oai_request.metadata_prefix
        metadata_format(prefix)
        if oai_request.set_spec is not None:
            if not sets.sets:
                raise OAIError(
                    protocol.NO_SET_HIERARCHY, _("The repository has no sets yet.")
                )
            if not sets.has(oai_request.set_spec):
                raise OAIError(
                    protocol.NO_RECORDS_MATCH,
                    _("There is no set %(set)s.") % {"set": oai_request.set_spec},
                )
        # Freeze the end of the list now: records changed while it is harvested
        # get later datestamps and wait for the next harvest.
        before = min(oai_request.before or now, now)
        scope = repository.Scope(before, oai_request.after, oai_request.set_spec)
        last, cursor = None, 0
        listing = repository.Listing(scope, sets)
        complete_list_size = listing.count()
        if not complete_list_size:
            raise OAIError(
                protocol.NO_RECORDS_MATCH,
                _("No records match these arguments."),
            )
    entries, more = listing.page(last, page_size)
    if not entries:
        raise OAIError(
            protocol.NO_RECORDS_MATCH,
            _("The records left in this list have changed since; harvest them anew."),
        )
    repository_identifier = settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER
    if oai_request.verb == "ListRecords":
        with collector_paused():
            records = build_records(request, entries, prefix)
        element = responses.OAI.ListRecords(*records)
    else:
        element = responses.OAI.ListIdentifiers(
            *[responses.header(entry, repository_identifier) for entry in entries]
        )
    if more:
        token = protocol.encode_token(
            protocol.ListState(
                verb=oai_request.verb,
                metadata_prefix=prefix,
                set_spec=scope.set_spec,
                after=scope.after,
                before=scope.before,
                last=entries[-1].key,
                cursor=cursor + len(entries),
                complete_list_size=complete_list_size,
            )
        )
        element.append(
            responses.resumption_token(
                token,
                cursor=cursor,
                complete_list_size=max(complete_list_size, cursor + len(entries) + 1),
                expires=now + timedelta(seconds=lifetime),
            )
        )
    elif cursor:
        element.append(
            responses.resumption_token(
                "",
                cursor=cursor,
                complete_list_size=max(complete_list_size, cursor + len(entries)),
                expires=None,
            )
        )
    return element


VERBS: dict[str, Handler] = {
    "Identify": identify,
    "ListMetadataFormats": list_metadata_formats,
    "ListSets": list_sets,
    "GetRecord": get_record,
    "ListIdentifiers": list_items,
    "ListRecords": list_items,
}


@csrf_exempt  # harvesters POST without a session (OAI-PMH §3.1.1.2)
@require_http_methods(["GET", "HEAD", "POST"])
def endpoint(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    base_url = request.build_absolute_uri(reverse("oai"))
    arguments = request.POST if request.method == "POST" else request.GET
    oai_request = None
    try:
        oai_request = protocol.parse_request(arguments.lists())
        body = VERBS[oai_request.verb](request, oai_request, now)
    except OAIError as error:
        root = responses.error_response(base_url, now, error, oai_request)
    else:
        root = responses.envelope(
            base_url, now, {"verb": oai_request.verb, **oai_request.arguments}
        )
        root.append(body)
    return HttpResponse(
        responses.to_bytes(root), content_type="text/xml; charset=utf-8"
    )
