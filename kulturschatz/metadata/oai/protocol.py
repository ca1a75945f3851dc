"""OAI-PMH 2.0 requests checked without the database: verbs and their arguments,
datestamps, identifiers, setSpecs and resumption tokens.

Section numbers refer to the protocol specification
(http://www.openarchives.org/OAI/openarchivesprotocol.html).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core import signing
from django.utils.translation import gettext as _

BAD_ARGUMENT = "badArgument"
BAD_RESUMPTION_TOKEN = "badResumptionToken"
BAD_VERB = "badVerb"
CANNOT_DISSEMINATE_FORMAT = "cannotDisseminateFormat"
ID_DOES_NOT_EXIST = "idDoesNotExist"
NO_RECORDS_MATCH = "noRecordsMatch"
NO_METADATA_FORMATS = "noMetadataFormats"
NO_SET_HIERARCHY = "noSetHierarchy"

DAY = "YYYY-MM-DD"
SECOND = "YYYY-MM-DDThh:mm:ssZ"

RESUMPTION_TOKEN = "resumptionToken"
TOKEN_SALT = "kulturschatz.metadata.oai.resumptionToken"
TOKEN_VERSION = 1


class OAIError(Exception):
    """A request the repository answers with an OAI-PMH error element (§3.6)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class VerbRule:
    required: frozenset[str] = frozenset()
    optional: frozenset[str] = frozenset()
    resumable: bool = False  # takes a resumptionToken, as its only argument


_LISTS = VerbRule(
    required=frozenset({"metadataPrefix"}),
    optional=frozenset({"from", "until", "set"}),
    resumable=True,
)
VERBS: dict[str, VerbRule] = {  # §4
    "Identify": VerbRule(),
    "ListMetadataFormats": VerbRule(optional=frozenset({"identifier"})),
    "ListSets": VerbRule(resumable=True),
    "GetRecord": VerbRule(required=frozenset({"identifier", "metadataPrefix"})),
    "ListIdentifiers": _LISTS,
    "ListRecords": _LISTS,
}

# OAI-PMH.xsd: metadataPrefixType and setSpecType (§2.3, §3.6 of the schema).
METADATA_PREFIX_PATTERN = re.compile(r"[A-Za-z0-9\-_.!~*'()]+")
SET_SPEC_PART = r"[A-Za-z0-9\-_.!~*'()]+"
SET_SPEC_PATTERN = re.compile(rf"{SET_SPEC_PART}(?::{SET_SPEC_PART})*")
# A URI without authority part (as oai: identifiers are): the request element
# echoes the identifier as xs:anyURI, which this shape always satisfies.
_URI_CHAR = r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})"
URI_PATTERN = re.compile(
    rf"[A-Za-z][A-Za-z0-9+.\-]*:(?!//){_URI_CHAR}*(?:#{_URI_CHAR}*)?"
)
# oai-identifier.xsd, repositoryIdentifierType.
REPOSITORY_IDENTIFIER_PATTERN = re.compile(
    r"[a-zA-Z][a-zA-Z0-9\-]*(\.[a-zA-Z][a-zA-Z0-9\-]*)+"
)
# Characters XML 1.0 cannot carry, which an echo or a message must not contain.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DAY_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SECOND_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


@dataclass(frozen=True)
class OAIRequest:
    """A checked request. ``after`` and ``before`` bound the datestamps (UTC):
    ``from`` inclusive, ``until`` made exclusive by adding one unit of its
    granularity, so that a datestamp shown in whole seconds is inside
    ``until`` whatever its fraction."""

    verb: str
    arguments: dict[str, str]
    identifier: str | None = None
    metadata_prefix: str | None = None
    after: datetime | None = None
    before: datetime | None = None
    set_spec: str | None = None
    resumption_token: str | None = None


@dataclass(frozen=True)
class TimeBound:
    moment: datetime
    granularity: str


def clean_text(text: str, limit: int = 200) -> str:
    """Text fit to quote in an error message: XML characters only, shortened."""
    text = _NOT_XML.sub("\ufffd", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_request(arguments: Iterable[tuple[str, list[str]]]) -> OAIRequest:
    """Check verb and arguments (§3.1.1, §4) and parse their values.

    ``arguments`` are (name, values) pairs, as ``QueryDict.lists()`` gives them.
    """
    given: dict[str, list[str]] = {}
    for name, values in arguments:
        given.setdefault(name, []).extend(values)
    verbs = given.pop("verb", [])
    if not verbs:
        raise OAIError(BAD_VERB, _("The request names no verb."))
    if len(verbs) > 1:
        raise OAIError(BAD_VERB, _("The verb argument is repeated."))
    verb = verbs[0]
    rule = VERBS.get(verb)
    if rule is None:
        raise OAIError(
            BAD_VERB,
            _("%(verb)s is not an OAI-PMH verb. Verbs are: %(verbs)s.")
            % {"verb": repr(clean_text(verb)), "verbs": ", ".join(VERBS)},
        )
    allowed = (
        rule.required
        | rule.optional
        | ({RESUMPTION_TOKEN} if rule.resumable else set())
    )
    for name, values in given.items():
        if name not in allowed:
            raise OAIError(
                BAD_ARGUMENT,
                _("%(verb)s does not take the argument %(name)s.")
                % {"verb": verb, "name": repr(clean_text(name))},
            )
        if len(values) > 1:
            raise OAIError(
                BAD_ARGUMENT,
                _("The argument %(name)s is repeated.") % {"name": name},
            )
        if _NOT_XML.search(values[0]):
            raise OAIError(
                BAD_ARGUMENT,
                _("The argument %(name)s holds characters XML cannot carry.")
                % {"name": name},
            )
    values = {name: values[0] for name, values in given.items()}
    if RESUMPTION_TOKEN in values:
        others = sorted(set(values) - {RESUMPTION_TOKEN})
        if others:
            raise OAIError(
                BAD_ARGUMENT,
                _("resumptionToken is an exclusive argument; drop %(names)s.")
                % {"names": ", ".join(others)},
            )
        return OAIRequest(
            verb=verb, arguments=values, resumption_token=values[RESUMPTION_TOKEN]
        )
    missing = sorted(rule.required - set(values))
    if missing:
        raise OAIError(
            BAD_ARGUMENT,
            _("%(verb)s needs the argument %(names)s.")
            % {"verb": verb, "names": ", ".join(missing)},
        )
    return OAIRequest(
        verb=verb,
        arguments=values,
        identifier=check_identifier(values.get("identifier")),
        metadata_prefix=check_metadata_prefix(values.get("metadataPrefix")),
        set_spec=check_set_spec(values.get("set")),
        **parse_range(values.get("from"), values.get("until")),
    )


def check_identifier(text: str | None) -> str | None:
    if text is not None and not URI_PATTERN.fullmatch(text):
        raise OAIError(
            BAD_ARGUMENT,
            _("The identifier %(value)s is not a URI.")
            % {"value": repr(clean_text(text))},
        )
    return text


def check_metadata_prefix(text: str | None) -> str | None:
    if text is not None and not METADATA_PREFIX_PATTERN.fullmatch(text):
        raise OAIError(
            BAD_ARGUMENT,
            _("The metadataPrefix %(value)s has characters a prefix cannot have.")
            % {"value": repr(clean_text(text))},
        )
    return text


def check_set_spec(text: str | None) -> str | None:
    if text is not None and not SET_SPEC_PATTERN.fullmatch(text):
        raise OAIError(
            BAD_ARGUMENT,
            _("The set %(value)s is not a setSpec.")
            % {"value": repr(clean_text(text))},
        )
    return text


def parse_datestamp(text: str) -> TimeBound:
    """A UTC datestamp, YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ (§3.3.1)."""
    if _DAY_PATTERN.fullmatch(text):
        granularity, layout = DAY, "%Y-%m-%d"
    elif _SECOND_PATTERN.fullmatch(text):
        granularity, layout = SECOND, "%Y-%m-%dT%H:%M:%SZ"
    else:
        raise ValueError(text)
    moment = datetime.strptime(text, layout).replace(tzinfo=UTC)
    return TimeBound(moment, granularity)


def end_of(bound: TimeBound) -> datetime:
    """The first moment after a day or second."""
    step = timedelta(days=1) if bound.granularity == DAY else timedelta(seconds=1)
    try:
        return bound.moment + step
    except OverflowError:  # until=9999-12-31
        return datetime.max.replace(tzinfo=UTC)


def parse_range(start: str | None, end: str | None) -> dict[str, datetime | None]:
    """``from`` and ``until`` as the bounds ``after`` (inclusive) and ``before``
    (exclusive); both must have the same granularity (§3.3.1)."""
    bounds: dict[str, TimeBound] = {}
    for name, text in (("from", start), ("until", end)):
        if text is None:
            continue
        try:
            bounds[name] = parse_datestamp(text)
        except ValueError:
            raise OAIError(
                BAD_ARGUMENT,
                _(
                    "%(name)s=%(value)s is not a date: use YYYY-MM-DD or "
                    "YYYY-MM-DDThh:mm:ssZ (UTC)."
                )
                % {"name": name, "value": repr(clean_text(text))},
            ) from None
    if len(bounds) == 2:
        if bounds["from"].granularity != bounds["until"].granularity:
            raise OAIError(
                BAD_ARGUMENT,
                _("from and until must have the same granularity."),
            )
        if bounds["from"].moment > bounds["until"].moment:
            raise OAIError(BAD_ARGUMENT, _("from lies after until."))
    return {
        "after": bounds["from"].moment if "from" in bounds else None,
        "before": end_of(bounds["until"]) if "until" in bounds else None,
    }


def format_datestamp(moment: datetime) -> str:
    """A datestamp in UTC with whole seconds (§3.3.1; harvesters reject fractions)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def format_identifier(repository_identifier: str, local_identifier: str) -> str:
    """oai:<repositoryIdentifier>:<object identifier> (oai-identifier guidelines)."""
    return f"oai:{repository_identifier}:{local_identifier}"


def parse_identifier(repository_identifier: str, identifier: str) -> str | None:
    """The object identifier inside an oai identifier of this repository, or None."""
    prefix = f"oai:{repository_identifier}:"
    if identifier.startswith(prefix) and len(identifier) > len(prefix):
        return identifier[len(prefix) :]
    return None


def set_spec_part(slug: str) -> str:
    """A slug as one part of a setSpec; slugs fit already, anything else is mapped
    to ``_`` so that a hand-made slug cannot break the response."""
    return re.sub(r"[^A-Za-z0-9\-_.!~*'()]", "_", slug) or "_"


# ---------------------------------------------------------------------------
# Resumption tokens (§3.5)
# ---------------------------------------------------------------------------

# A record's place in a list: its datestamp (full precision), its kind (0 an
# object, 1 a deleted record's tombstone) and its primary key.
Key = tuple[datetime, int, int]


@dataclass(frozen=True)
class ListState:
    """Where an incomplete list stands. Tokens carry it, signed, so the server
    keeps no state; ``before`` is frozen at the first request, and ``last`` is
    a keyset position, so records changed or added meanwhile neither repeat
    nor shift the records still to come."""

    verb: str
    metadata_prefix: str
    set_spec: str | None
    after: datetime | None
    before: datetime
    last: Key
    cursor: int
    complete_list_size: int


def _micros(moment: datetime) -> int:
    delta = moment - datetime(1970, 1, 1, tzinfo=UTC)
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _moment(micros: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(microseconds=micros)


def encode_token(state: ListState) -> str:
    payload = [
        TOKEN_VERSION,
        state.verb,
        state.metadata_prefix,
        state.set_spec,
        None if state.after is None else _micros(state.after),
        _micros(state.before),
        [_micros(state.last[0]), state.last[1], state.last[2]],
        state.cursor,
        state.complete_list_size,
    ]
    return signing.dumps(payload, salt=TOKEN_SALT, compress=True)


def decode_token(token: str, *, verb: str, max_age: int) -> ListState:
    """The state a token of ours carries; tampered, expired or foreign tokens
    raise badResumptionToken."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.SignatureExpired:
        raise OAIError(
            BAD_RESUMPTION_TOKEN,
            _("The resumptionToken has expired; start the list again."),
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise OAIError(
            BAD_RESUMPTION_TOKEN,
            _("The resumptionToken was not issued by this repository or was altered."),
        ) from None
    try:
        version, token_verb, prefix, set_spec, after, before, last, cursor, size = (
            payload
        )
        if version != TOKEN_VERSION:
            raise ValueError(version)
        state = ListState(
            verb=str(token_verb),
            metadata_prefix=str(prefix),
            set_spec=None if set_spec is None else str(set_spec),
            after=None if after is None else _moment(int(after)),
            before=_moment(int(before)),
            last=(_moment(int(last[0])), int(last[1]), int(last[2])),
            cursor=int(cursor),
            complete_list_size=int(size),
        )
    except (ValueError, TypeError, IndexError, OverflowError):
        raise OAIError(
            BAD_RESUMPTION_TOKEN, _("The resumptionToken cannot be read.")
        ) from None
    if state.verb != verb:
        raise OAIError(
            BAD_RESUMPTION_TOKEN,
            _("The resumptionToken belongs to %(verb)s.") % {"verb": state.verb},
        )
    return state
