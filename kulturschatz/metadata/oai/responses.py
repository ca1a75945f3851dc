"""The XML of OAI-PMH responses (OAI-PMH.xsd), built with lxml."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from lxml import etree
from lxml.builder import ElementMaker

from kulturschatz.collections.models import HeritageObject
from kulturschatz.metadata.crosswalks import dublin_core, lido

from .protocol import (
    BAD_ARGUMENT,
    BAD_VERB,
    OAIError,
    OAIRequest,
    format_datestamp,
    format_identifier,
)
from .repository import Entry, OAISet

OAI_NS = "http://www.openarchives.org/OAI/2.0/"
OAI_IDENTIFIER_NS = "http://www.openarchives.org/OAI/2.0/oai-identifier"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{OAI_NS} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
OAI_IDENTIFIER_SCHEMA_LOCATION = (
    f"{OAI_IDENTIFIER_NS} http://www.openarchives.org/OAI/2.0/oai-identifier.xsd"
)
OAI = ElementMaker(namespace=OAI_NS, nsmap={None: OAI_NS, "xsi": XSI_NS})
OAI_ID = ElementMaker(namespace=OAI_IDENTIFIER_NS, nsmap={None: OAI_IDENTIFIER_NS})
Url = Callable[[str], str]


@dataclass(frozen=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    build: Callable[[HeritageObject, Url], etree._Element]


FORMATS: dict[str, MetadataFormat] = {
    "oai_dc": MetadataFormat(
        "oai_dc",
        "http://www.openarchives.org/OAI/2.0/oai_dc.xsd",
        dublin_core.OAI_DC_NS,
        dublin_core.build_dublin_core,
    ),
    "lido": MetadataFormat(
        "lido",
        lido.SCHEMA_LOCATION.split()[1],
        lido.LIDO_NS,
        lido.build_lido,
    ),
}


@dataclass(frozen=True)
class Identity:
    """What Identify says about the repository (from the settings)."""

    name: str
    base_url: str
    admin_emails: tuple[str, ...]
    repository_identifier: str


def envelope(
    base_url: str, now: datetime, arguments: dict[str, str] | None
) -> etree._Element:
    """The OAI-PMH root with responseDate and request (§3.2)."""
    root = OAI("OAI-PMH")
    root.set(f"{{{XSI_NS}}}schemaLocation", SCHEMA_LOCATION)
    root.append(OAI.responseDate(format_datestamp(now)))
    request = OAI.request(base_url)
    for name, value in (arguments or {}).items():
        request.set(name, value)
    root.append(request)
    return root


def error_response(
    base_url: str, now: datetime, error: OAIError, oai_request: OAIRequest | None
) -> etree._Element:
    # §3.6: after badVerb or badArgument the request element has no attributes.
    echo = None
    if oai_request is not None and error.code not in (BAD_VERB, BAD_ARGUMENT):
        echo = {"verb": oai_request.verb, **oai_request.arguments}
    root = envelope(base_url, now, echo)
    root.append(OAI.error(error.message, code=error.code))
    return root


def identify(
    identity: Identity, earliest: datetime, sample_identifier: str
) -> etree._Element:
    description = OAI_ID("oai-identifier")
    description.set(f"{{{XSI_NS}}}schemaLocation", OAI_IDENTIFIER_SCHEMA_LOCATION)
    description.extend(
        [
            OAI_ID.scheme("oai"),
            OAI_ID.repositoryIdentifier(identity.repository_identifier),
            OAI_ID.delimiter(":"),
            OAI_ID.sampleIdentifier(
                format_identifier(identity.repository_identifier, sample_identifier)
            ),
        ]
    )
    return OAI.Identify(
        OAI.repositoryName(identity.name),
        OAI.baseURL(identity.base_url),
        OAI.protocolVersion("2.0"),
        *[OAI.adminEmail(address) for address in identity.admin_emails],
        OAI.earliestDatestamp(format_datestamp(earliest)),
        OAI.deletedRecord("persistent"),
        OAI.granularity("YYYY-MM-DDThh:mm:ssZ"),
        OAI.description(description),
    )


def list_metadata_formats(formats: list[MetadataFormat]) -> etree._Element:
    return OAI.ListMetadataFormats(
        *[
            OAI.metadataFormat(
                OAI.metadataPrefix(item.prefix),
                OAI.schema(item.schema),
                OAI.metadataNamespace(item.namespace),
            )
            for item in formats
        ]
    )


def set_element(item: OAISet) -> etree._Element:
    element = OAI.set(OAI.setSpec(item.spec), OAI.setName(item.name))
    if item.name_en or item.description:
        dc = dublin_core.OAI_DC.dc()
        dc.set(f"{{{dublin_core.XSI_NS}}}schemaLocation", dublin_core.SCHEMA_LOCATION)
        dc.append(dublin_core.element("title", item.name, "de"))
        if item.name_en:
            dc.append(dublin_core.element("title", item.name_en, "en"))
        if item.description:
            dc.append(dublin_core.element("description", item.description, "de"))
        element.append(OAI.setDescription(dc))
    return element


def list_sets(sets: list[OAISet]) -> etree._Element:
    return OAI.ListSets(*[set_element(item) for item in sets])


def header(entry: Entry, repository_identifier: str) -> etree._Element:
    element = OAI.header(
        OAI.identifier(format_identifier(repository_identifier, entry.identifier)),
        OAI.datestamp(format_datestamp(entry.datestamp)),
        *[OAI.setSpec(spec) for spec in entry.set_specs],
    )
    if entry.deleted:
        element.set("status", "deleted")
    return element


def record(
    entry: Entry, repository_identifier: str, metadata: etree._Element | None
) -> etree._Element:
    element = OAI.record(header(entry, repository_identifier))
    if metadata is not None:
        element.append(OAI.metadata(metadata))
    return element


def resumption_token(
    token: str, *, cursor: int, complete_list_size: int, expires: datetime | None
) -> etree._Element:
    """A token, or the empty one that ends a list (§3.5)."""
    element = OAI.resumptionToken(
        token, completeListSize=str(complete_list_size), cursor=str(cursor)
    )
    if expires is not None:
        element.set("expirationDate", format_datestamp(expires))
    return element


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
