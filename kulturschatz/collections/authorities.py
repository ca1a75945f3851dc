"""Authority files the catalogue links to, recognised by the form of their URIs."""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class AuthoritySource:
    code: str
    label: str
    pattern: re.Pattern[str]


AUTHORITY_SOURCES = (
    AuthoritySource("gnd", "GND", re.compile(r"^https?://d-nb\.info/gnd/[0-9X-]+/?$")),
    AuthoritySource(
        "aat", "Getty AAT", re.compile(r"^https?://vocab\.getty\.edu/(page/)?aat/\d+$")
    ),
    AuthoritySource(
        "tgn", "Getty TGN", re.compile(r"^https?://vocab\.getty\.edu/(page/)?tgn/\d+$")
    ),
    AuthoritySource(
        "ulan", "Getty ULAN", re.compile(r"^https?://vocab\.getty\.edu/(page/)?ulan/\d+$")
    ),
    AuthoritySource(
        "geonames",
        "GeoNames",
        re.compile(r"^https?://(sws\.|www\.)?geonames\.org/\d+(/.*)?$"),
    ),
    AuthoritySource(
        "wikidata",
        "Wikidata",
        re.compile(r"^https?://(www\.)?wikidata\.org/(entity|wiki)/Q\d+$"),
    ),
    AuthoritySource("viaf", "VIAF", re.compile(r"^https?://(www\.)?viaf\.org/viaf/\d+/?$")),
    AuthoritySource(
        "lido", "LIDO-Terminologie", re.compile(r"^https?://terminology\.lido-schema\.org/")
    ),
    AuthoritySource(
        "iconclass", "Iconclass", re.compile(r"^https?://(www\.)?iconclass\.org/")
    ),
)


def identify_authority(uri: str) -> AuthoritySource | None:
    """The authority file a URI belongs to, or None for an unknown one."""
    for source in AUTHORITY_SOURCES:
        if source.pattern.match(uri):
            return source
    return None


def normalize_authority_uri(uri: str) -> str:
    """One spelling per authority record, so that deduplication by URI works.

    Catalogues write the same GND record as http or https and with or without a
    trailing slash; Wikidata as /wiki/ or /entity/. The canonical forms are the
    ones the authorities publish as their linked-data identifiers.
    """
    uri = uri.strip()
    source = identify_authority(uri)
    if source is None:
        return uri
    if source.code == "gnd":
        return "https://d-nb.info/gnd/" + uri.rstrip("/").rsplit("/", 1)[1]
    if source.code in {"aat", "tgn", "ulan"}:
        return f"http://vocab.getty.edu/{source.code}/" + uri.rsplit("/", 1)[1]
    if source.code == "geonames":
        number = re.search(r"geonames\.org/(\d+)", uri)
        assert number is not None  # the pattern matched
        return f"https://sws.geonames.org/{number.group(1)}/"
    if source.code == "wikidata":
        return "http://www.wikidata.org/entity/" + uri.rsplit("/", 1)[1]
    if source.code == "viaf":
        return "http://viaf.org/viaf/" + uri.rstrip("/").rsplit("/", 1)[1]
    return uri
