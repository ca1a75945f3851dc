"""OAI-PMH at /oai: every verb and every error, validated against OAI-PMH.xsd
(with oai_dc, oai-identifier and LIDO), visibility, datestamps, sets, deleted
records and resumption tokens. Harvesting with real clients is in
test_oai_harvest.py."""

import datetime
from functools import cache
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from lxml import etree

from kulturschatz.collections.models import HeritageObject
from kulturschatz.collections.services import publish_object, withdraw_object
from kulturschatz.metadata.models import DeletedRecord
from tests import factories

SCHEMA_DIR = Path(__file__).resolve().parents[3] / "shared" / "standards" / "oai"
NS = {
    "oai": "http://www.openarchives.org/OAI/2.0/",
    "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "lido": "http://www.lido-schema.org",
    "oi": "http://www.openarchives.org/OAI/2.0/oai-identifier",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
OAI_SCHEMA_LOCATION = "http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd"
REPOSITORY = "kulturschatz.example.org"
UTC = datetime.UTC


@cache
def oai_schema() -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "oai-pmh-all.xsd"), parser))


def validated(content: bytes) -> etree._Element:
    """Parse a response and check it against the schema and the validator's
    extra rule (the root's schemaLocation)."""
    root = etree.fromstring(content)
    oai_schema().assertValid(root.getroottree())
    assert root.get(f"{{{NS['xsi']}}}schemaLocation") == OAI_SCHEMA_LOCATION
    return root


def oai(client: Client, method: str = "get", **params: str) -> etree._Element:
    response = getattr(client, method)("/oai", params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    return validated(response.content)


def error_of(root: etree._Element) -> str | None:
    codes = root.xpath("oai:error/@code", namespaces=NS)
    return codes[0] if codes else None


def xpath(root: etree._Element, path: str) -> list:
    return root.xpath(path, namespaces=NS)


def identifiers(root: etree._Element, *, deleted: bool | None = None) -> list[str]:
    condition = {None: "", True: "[@status='deleted']", False: "[not(@status)]"}[
        deleted
    ]
    return [
        text.removeprefix(f"oai:{REPOSITORY}:")
        for text in xpath(root, f"//oai:header{condition}/oai:identifier/text()")
    ]


def token_of(root: etree._Element) -> etree._Element | None:
    tokens = xpath(root, "//oai:resumptionToken")
    return tokens[0] if tokens else None


def harvest(client: Client, verb: str = "ListIdentifiers", **params: str) -> list:
    """Every page of a list; the parsed pages."""
    pages = [oai(client, verb=verb, **params)]
    while (token := token_of(pages[-1])) is not None and token.text:
        pages.append(oai(client, verb=verb, resumptionToken=token.text))
    return pages


def stamp(moment: datetime.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def set_updated_at(heritage_object: HeritageObject, moment: datetime.datetime) -> None:
    """Backdate an object (update() leaves auto_now alone)."""
    HeritageObject.objects.filter(pk=heritage_object.pk).update(updated_at=moment)
    heritage_object.refresh_from_db()


@pytest.fixture(autouse=True)
def _oai_settings(settings):
    settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER = REPOSITORY
    settings.KULTURSCHATZ_OAI_ADMIN_EMAILS = ["archiv@example.org"]
    settings.KULTURSCHATZ_OAI_PAGE_SIZE = 100


def embargoed_again(heritage_object: HeritageObject, days: int = 30) -> HeritageObject:
    heritage_object.embargo_until = timezone.localdate() + datetime.timedelta(days=days)
    heritage_object.save()
    return heritage_object


def published(**fields) -> HeritageObject:
    heritage_object = factories.make_object(
        status=HeritageObject.Status.DRAFT, **fields
    )
    return publish_object(heritage_object)


# ---------------------------------------------------------------------------
# The endpoint
# ---------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    """Published objects in a two-level collection tree, and every kind of
    object the repository must hide or report deleted."""
    institution = factories.make_institution()
    top = factories.make_collection(institution, name="Domausstattung")
    child = factories.make_collection(institution, name="Domschatz", parent=top)
    other = factories.make_institution()
    objects = {
        "top": published(institution=institution, collection=top),
        "child": published(institution=institution, collection=child),
        "loose": published(institution=other),
        "draft": factories.make_object(status="draft", institution=institution),
        "review": factories.make_object(status="review", institution=institution),
        "never": factories.make_object(status="withdrawn", institution=institution),
        "withdrawn": withdraw_object(
            published(institution=institution, collection=child)
        ),
        # Public once, then put under an embargo again (one published under an
        # embargo that lies ahead has never been public and is not in the
        # repository: tests/security_tests/test_visibility_matrix.py).
        "embargoed": embargoed_again(published(institution=institution)),
    }
    return {
        "institution": institution,
        "domausstattung": top,
        "domschatz": child,
        "other": other,
        **objects,
    }


def test_identify_describes_the_repository(client, catalogue):
    root = oai(client, verb="Identify")
    identify = xpath(root, "oai:Identify")[0]
    text = lambda name: identify.findtext(f"oai:{name}", namespaces=NS)  # noqa: E731
    assert text("baseURL") == "http://testserver/oai"
    assert text("protocolVersion") == "2.0"
    assert text("adminEmail") == "archiv@example.org"
    assert text("deletedRecord") == "persistent"
    assert text("granularity") == "YYYY-MM-DDThh:mm:ssZ"
    earliest = min(
        HeritageObject.objects.filter(published_at__isnull=False).values_list(
            "updated_at", flat=True
        )
    )
    assert text("earliestDatestamp") == stamp(earliest)
    assert xpath(
        identify, "oai:description/oi:oai-identifier/oi:repositoryIdentifier/text()"
    ) == [REPOSITORY]
    sample = xpath(
        identify, "oai:description/oi:oai-identifier/oi:sampleIdentifier/text()"
    )[0]
    assert sample.startswith(f"oai:{REPOSITORY}:")
    assert xpath(root, "oai:request/@verb") == ["Identify"]
    assert xpath(root, "oai:request/text()") == ["http://testserver/oai"]


def test_identify_on_an_empty_repository(client):
    root = oai(client, verb="Identify")
    assert xpath(root, "oai:Identify/oai:earliestDatestamp/text()")


def test_list_metadata_formats(client, catalogue):
    root = oai(client, verb="ListMetadataFormats")
    formats = dict(
        zip(
            xpath(root, "//oai:metadataPrefix/text()"),
            xpath(root, "//oai:metadataNamespace/text()"),
            strict=True,
        )
    )
    assert formats == {
        "oai_dc": "http://www.openarchives.org/OAI/2.0/oai_dc/",
        "lido": "http://www.lido-schema.org",
    }
    for key in ("top", "withdrawn"):
        item = f"oai:{REPOSITORY}:{catalogue[key].identifier}"
        root = oai(client, verb="ListMetadataFormats", identifier=item)
        assert xpath(root, "//oai:metadataPrefix/text()") == ["oai_dc", "lido"]
    for key in ("draft", "review", "never"):
        item = f"oai:{REPOSITORY}:{catalogue[key].identifier}"
        root = oai(client, verb="ListMetadataFormats", identifier=item)
        assert error_of(root) == "idDoesNotExist"
        assert xpath(root, "oai:request/@identifier") == [item]


def test_list_sets_nest_collections_under_institutions(client, catalogue):
    root = oai(client, verb="ListSets")
    sets = dict(
        zip(
            xpath(root, "//oai:setSpec/text()"),
            xpath(root, "//oai:setName/text()"),
            strict=True,
        )
    )
    institution, top, child = (
        catalogue["institution"],
        catalogue["domausstattung"],
        catalogue["domschatz"],
    )
    assert sets[institution.slug] == institution.name
    assert sets[f"{institution.slug}:{top.slug}"] == top.name
    assert sets[f"{institution.slug}:{top.slug}:{child.slug}"] == child.name
    assert sets[catalogue["other"].slug] == catalogue["other"].name


def test_set_description_in_dublin_core(client, catalogue):
    top = catalogue["domausstattung"]
    top.name_en = "Cathedral furnishings"
    top.description = "Ausstattung des Doms"
    top.save()
    root = oai(client, verb="ListSets")
    description = xpath(
        root, f"//oai:set[oai:setName='{top.name}']/oai:setDescription/oai_dc:dc"
    )[0]
    assert xpath(description, "dc:title[@xml:lang='en']/text()") == [
        "Cathedral furnishings"
    ]
    assert xpath(description, "dc:description/text()") == ["Ausstattung des Doms"]


def test_no_set_hierarchy_without_sets(client):
    assert error_of(oai(client, verb="ListSets")) == "noSetHierarchy"
    root = oai(client, verb="ListRecords", metadataPrefix="oai_dc", set="a")
    assert error_of(root) == "noSetHierarchy"


def test_list_sets_issues_no_token(client, catalogue):
    root = oai(client, verb="ListSets", resumptionToken="abc")
    assert error_of(root) == "badResumptionToken"
    assert xpath(root, "oai:request/@resumptionToken") == ["abc"]


@pytest.mark.parametrize("prefix", ["oai_dc", "lido"])
def test_get_record_carries_the_metadata(client, catalogue, prefix):
    item = catalogue["child"]
    root = oai(
        client,
        verb="GetRecord",
        identifier=f"oai:{REPOSITORY}:{item.identifier}",
        metadataPrefix=prefix,
    )
    record = xpath(root, "oai:GetRecord/oai:record")[0]
    assert xpath(record, "oai:header/@status") == []
    assert xpath(record, "oai:header/oai:datestamp/text()") == [stamp(item.updated_at)]
    institution, top, child = (
        catalogue["institution"],
        catalogue["domausstattung"],
        catalogue["domschatz"],
    )
    assert xpath(record, "oai:header/oai:setSpec/text()") == [
        institution.slug,
        f"{institution.slug}:{top.slug}",
        f"{institution.slug}:{top.slug}:{child.slug}",
    ]
    payload = xpath(record, "oai:metadata/*")
    assert len(payload) == 1
    if prefix == "lido":
        assert payload[0].tag == "{http://www.lido-schema.org}lido"
        assert "lido-v1.0.xsd" in payload[0].get(f"{{{NS['xsi']}}}schemaLocation")
        assert xpath(payload[0], "lido:objectPublishedID/text()")[0] == (
            f"http://testserver/objekt/{item.identifier}/"
        )
    else:
        assert payload[0].tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc"
        assert "oai_dc.xsd" in payload[0].get(f"{{{NS['xsi']}}}schemaLocation")
        assert xpath(payload[0], "dc:title/text()") == [item.title]


def test_records_are_the_same_in_every_interface_language(client, catalogue):
    item = f"oai:{REPOSITORY}:{catalogue['top'].identifier}"
    german = client.get(
        "/oai", {"verb": "GetRecord", "identifier": item, "metadataPrefix": "oai_dc"}
    )
    english = client.get(
        "/oai",
        {"verb": "GetRecord", "identifier": item, "metadataPrefix": "oai_dc"},
        headers={"accept-language": "en"},
    )

    def metadata(body: bytes) -> bytes:
        return etree.tostring(xpath(etree.fromstring(body), "//oai:metadata")[0])

    assert metadata(german.content) == metadata(english.content)
    assert b"/en/" not in english.content


@pytest.mark.parametrize("key", ["withdrawn", "embargoed"])
def test_get_record_of_a_deleted_record_is_its_header(client, catalogue, key):
    for prefix in ("oai_dc", "lido"):
        root = oai(
            client,
            verb="GetRecord",
            identifier=f"oai:{REPOSITORY}:{catalogue[key].identifier}",
            metadataPrefix=prefix,
        )
        assert xpath(root, "//oai:header/@status") == ["deleted"]
        assert xpath(root, "//oai:metadata") == []


@pytest.mark.parametrize("key", ["draft", "review", "never"])
def test_unpublished_objects_do_not_exist(client, catalogue, key):
    item = f"oai:{REPOSITORY}:{catalogue[key].identifier}"
    root = oai(client, verb="GetRecord", identifier=item, metadataPrefix="oai_dc")
    assert error_of(root) == "idDoesNotExist"
    hidden = catalogue[key].identifier
    for verb in ("ListIdentifiers", "ListRecords"):
        for prefix in ("oai_dc", "lido"):
            for page in harvest(client, verb, metadataPrefix=prefix):
                assert hidden not in identifiers(page)
                assert hidden.encode() not in etree.tostring(page)
    assert hidden.encode() not in client.get("/oai", {"verb": "ListSets"}).content
    identify = client.get("/oai", {"verb": "Identify"}).content
    assert hidden.encode() not in identify


def test_lists_hold_public_objects_and_deleted_ones(client, catalogue):
    public = {catalogue[k].identifier for k in ("top", "child", "loose")}
    deleted = {catalogue[k].identifier for k in ("withdrawn", "embargoed")}
    for verb in ("ListIdentifiers", "ListRecords"):
        for prefix in ("oai_dc", "lido"):
            (page,) = harvest(client, verb, metadataPrefix=prefix)
            assert sorted(identifiers(page, deleted=False)) == sorted(public)
            assert sorted(identifiers(page, deleted=True)) == sorted(deleted)
            assert token_of(page) is None
    (page,) = harvest(client, "ListRecords", metadataPrefix="lido")
    assert len(xpath(page, "//oai:record[oai:metadata]")) == 3
    assert len(xpath(page, "//oai:record/oai:metadata/lido:lido")) == 3


def test_lists_are_ordered_by_datestamp(client, catalogue):
    moments = [timezone.now() - datetime.timedelta(days=d) for d in (3, 1, 2)]
    for key, moment in zip(("top", "child", "loose"), moments, strict=True):
        set_updated_at(catalogue[key], moment)
    (page,) = harvest(client, metadataPrefix="oai_dc")
    stamps = xpath(page, "//oai:datestamp/text()")
    assert stamps == sorted(stamps)
    assert identifiers(page)[:3] == [
        catalogue[k].identifier for k in ("top", "loose", "child")
    ]


def test_from_until_and_set_filters(client, catalogue):
    now = timezone.now()
    set_updated_at(catalogue["top"], now - datetime.timedelta(days=10))
    set_updated_at(catalogue["child"], now - datetime.timedelta(days=5))
    set_updated_at(catalogue["loose"], now - datetime.timedelta(days=1))
    child_stamp = stamp(catalogue["child"].updated_at)

    def listed(**params: str) -> list[str]:
        root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", **params)
        return [] if error_of(root) else identifiers(root, deleted=False)

    # Seconds: from and until are inclusive of the whole second shown.
    assert listed(**{"from": child_stamp, "until": child_stamp}) == [
        catalogue["child"].identifier
    ]
    after = stamp(catalogue["child"].updated_at + datetime.timedelta(seconds=1))
    assert catalogue["child"].identifier not in listed(**{"from": after})
    # Days, UTC.
    day = (now - datetime.timedelta(days=5)).astimezone(UTC).date().isoformat()
    assert listed(**{"from": day, "until": day}) == [catalogue["child"].identifier]
    old = (now - datetime.timedelta(days=7)).astimezone(UTC).date().isoformat()
    assert listed(until=old) == [catalogue["top"].identifier]
    # Sets: a parent collection's set holds its subcollections' objects.
    institution, top, child = (
        catalogue["institution"],
        catalogue["domausstattung"],
        catalogue["domschatz"],
    )
    assert sorted(listed(set=f"{institution.slug}:{top.slug}")) == sorted(
        [catalogue["top"].identifier, catalogue["child"].identifier]
    )
    assert listed(set=f"{institution.slug}:{top.slug}:{child.slug}") == [
        catalogue["child"].identifier
    ]
    assert listed(set=catalogue["other"].slug) == [catalogue["loose"].identifier]
    assert sorted(listed(set=institution.slug)) == sorted(
        [catalogue["top"].identifier, catalogue["child"].identifier]
    )
    assert listed(set=f"{institution.slug}:{top.slug}", until=old) == [
        catalogue["top"].identifier
    ]


def test_no_records_match(client, catalogue):
    cases = [
        {"from": "2999-01-01"},
        {"until": "2000-01-01T00:00:00Z"},
        {"set": "no-such-set"},
    ]
    for params in cases:
        for verb in ("ListIdentifiers", "ListRecords"):
            root = oai(client, verb=verb, metadataPrefix="lido", **params)
            assert error_of(root) == "noRecordsMatch", params
            # Errors other than badVerb/badArgument echo the request.
            assert xpath(root, "oai:request/@metadataPrefix") == ["lido"]


def test_cannot_disseminate_format(client, catalogue):
    item = f"oai:{REPOSITORY}:{catalogue['top'].identifier}"
    for params in (
        {"verb": "GetRecord", "identifier": item, "metadataPrefix": "marc21"},
        {"verb": "ListRecords", "metadataPrefix": "marc21"},
        {"verb": "ListIdentifiers", "metadataPrefix": "mods"},
    ):
        root = oai(client, **params)
        assert error_of(root) == "cannotDisseminateFormat"
        assert xpath(root, "oai:request/@verb") == [params["verb"]]


def test_id_does_not_exist(client, catalogue):
    for identifier in (
        "oai:other.example.org:" + catalogue["top"].identifier,
        f"oai:{REPOSITORY}:no-such-object",
        f"oai:{REPOSITORY}:",
        "urn:x",
    ):
        root = oai(
            client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc"
        )
        assert error_of(root) == "idDoesNotExist"


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"verb": "Delete"},
        {"verb": "identify"},
    ],
)
def test_bad_verb(client, params):
    root = oai(client, **params)
    assert error_of(root) == "badVerb"
    assert dict(xpath(root, "oai:request")[0].attrib) == {}


@pytest.mark.parametrize(
    "query",
    [
        "verb=Identify&verb=ListSets",
        "verb=ListRecords&metadataPrefix=oai_dc&metadataPrefix=oai_dc",
        "verb=ListRecords&metadataPrefix=oai_dc&from=2024-13-01",
        "verb=ListRecords&metadataPrefix=oai_dc&from=2024-01-01&until=2024-01-02T00:00:00Z",
        "verb=GetRecord&identifier=%00&metadataPrefix=oai_dc",
        "verb=GetRecord&identifier=oai%3Aa.b%3A%ZZ&metadataPrefix=oai_dc",
        "verb=ListIdentifiers&metadataPrefix=oai_dc&set=%3C%3E",
        "verb=ListIdentifiers&metadataPrefix=%C3%A4",
        "verb=Identify&%FF=1",
        "verb=ListRecords&resumptionToken=x&until=2024-01-01",
    ],
)
def test_bad_input_is_an_oai_error_never_a_500(client, catalogue, query):
    response = client.get(f"/oai?{query}")
    assert response.status_code == 200
    root = validated(response.content)
    assert error_of(root) in ("badArgument", "badVerb")
    assert xpath(root, "oai:error/text()")[0].strip()
    # No attributes after badVerb/badArgument (§3.6).
    assert dict(xpath(root, "oai:request")[0].attrib) == {}


def test_post_is_accepted_without_csrf_token(catalogue):
    client = Client(enforce_csrf_checks=True)
    root = oai(client, "post", verb="ListIdentifiers", metadataPrefix="oai_dc")
    assert len(identifiers(root)) == 5
    root = oai(
        client,
        "post",
        verb="GetRecord",
        metadataPrefix="lido",
        identifier=f"oai:{REPOSITORY}:{catalogue['top'].identifier}",
    )
    assert xpath(root, "//lido:lido")


def test_other_methods_are_refused(client):
    assert client.put("/oai").status_code == 405
    assert client.delete("/oai").status_code == 405
    assert client.head("/oai?verb=Identify").status_code == 200


def test_embargo_end_gives_the_start_of_its_day_as_datestamp(client, catalogue):
    """An embargo ends without a save: the datestamp moves to the moment the
    object became public, later than any harvest made before."""
    item = catalogue["embargoed"]
    today = timezone.localdate()
    long_ago = timezone.now() - datetime.timedelta(days=60)
    set_updated_at(item, long_ago)
    identifier = f"oai:{REPOSITORY}:{item.identifier}"
    root = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert xpath(root, "//oai:header/@status") == ["deleted"]
    assert xpath(root, "//oai:datestamp/text()") == [stamp(long_ago)]
    harvested_before = timezone.now() - datetime.timedelta(days=2)

    # The embargo ends (yesterday, in the site's time zone): no save happens.
    HeritageObject.objects.filter(pk=item.pk).update(
        embargo_until=today - datetime.timedelta(days=1)
    )
    start = datetime.datetime.combine(
        today - datetime.timedelta(days=1), datetime.time.min
    ).replace(tzinfo=timezone.get_current_timezone())
    root = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert xpath(root, "//oai:header/@status") == []
    assert xpath(root, "//oai:datestamp/text()") == [stamp(start)]
    assert xpath(root, "//oai_dc:dc")
    # An incremental harvest from the last one finds it, in order.
    root = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": stamp(harvested_before)},
    )
    assert item.identifier in identifiers(root, deleted=False)
    stamps = xpath(root, "//oai:datestamp/text()")
    assert stamps == sorted(stamps)
    # from/until select it by that datestamp, not by updated_at.
    root = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": stamp(start), "until": stamp(start)},
    )
    assert identifiers(root) == [item.identifier]
    root = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        until=stamp(start - datetime.timedelta(seconds=1)),
    )
    assert error_of(root) == "noRecordsMatch" or item.identifier not in identifiers(
        root
    )

    # Saved again later, updated_at counts once more.
    item.refresh_from_db()
    item.title = "Neu"
    item.save()
    root = oai(client, verb="GetRecord", identifier=identifier, metadataPrefix="oai_dc")
    assert xpath(root, "//oai:datestamp/text()") == [stamp(item.updated_at)]


def test_embargo_ending_today(client, catalogue):
    item = catalogue["embargoed"]
    HeritageObject.objects.filter(pk=item.pk).update(embargo_until=timezone.localdate())
    set_updated_at(item, timezone.now() - datetime.timedelta(days=3))
    root = oai(
        client,
        verb="GetRecord",
        identifier=f"oai:{REPOSITORY}:{item.identifier}",
        metadataPrefix="lido",
    )
    start = datetime.datetime.combine(timezone.localdate(), datetime.time.min).replace(
        tzinfo=timezone.get_current_timezone()
    )
    assert xpath(root, "//oai:datestamp/text()") == [stamp(start)]
    assert xpath(root, "//lido:lido")


def test_becoming_non_public_moves_the_datestamp(client, catalogue):
    """Withdrawing, a new embargo or a step back to draft are saves: the object
    shows as deleted with a datestamp after the last harvest."""
    changes = {
        "top": {"status": "withdrawn"},
        "child": {"embargo_until": timezone.localdate() + datetime.timedelta(days=9)},
        "loose": {"status": "draft"},
    }
    for key, fields in changes.items():
        item = catalogue[key]
        set_updated_at(item, timezone.now() - datetime.timedelta(days=5))
        harvested = timezone.now() - datetime.timedelta(seconds=1)
        before = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
        assert item.identifier in identifiers(before, deleted=False), key
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
        root = oai(
            client,
            verb="ListIdentifiers",
            metadataPrefix="oai_dc",
            **{"from": stamp(harvested)},
        )
        assert item.identifier in identifiers(root, deleted=True), key
        assert item.identifier not in identifiers(root, deleted=False), key


def test_hard_deleted_object_leaves_a_tombstone(client, catalogue):
    item, institution = catalogue["child"], catalogue["institution"]
    identifier = item.identifier
    expected_sets = [
        institution.slug,
        f"{institution.slug}:{catalogue['domausstattung'].slug}",
        f"{institution.slug}:{catalogue['domausstattung'].slug}"
        f":{catalogue['domschatz'].slug}",
    ]
    item.delete()
    catalogue["draft"].delete()  # never public: no tombstone
    tombstone = DeletedRecord.objects.get()
    assert tombstone.identifier == identifier
    assert tombstone.set_specs == expected_sets
    root = oai(
        client,
        verb="GetRecord",
        identifier=f"oai:{REPOSITORY}:{identifier}",
        metadataPrefix="lido",
    )
    assert xpath(root, "//oai:header/@status") == ["deleted"]
    assert xpath(root, "//oai:datestamp/text()") == [stamp(tombstone.deleted_at)]
    assert xpath(root, "//oai:setSpec/text()") == expected_sets
    assert xpath(root, "//oai:metadata") == []
    (page,) = harvest(client, "ListRecords", metadataPrefix="oai_dc")
    assert identifier in identifiers(page, deleted=True)
    # The tombstone belongs to its sets.
    for spec in expected_sets:
        root = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc", set=spec)
        assert identifier in identifiers(root, deleted=True), spec
    root = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        set=catalogue["other"].slug,
    )
    assert identifier not in identifiers(root)
    root = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": stamp(tombstone.deleted_at), "until": stamp(tombstone.deleted_at)},
    )
    assert identifier in identifiers(root, deleted=True)
    assert set(xpath(root, "//oai:datestamp/text()")) == {stamp(tombstone.deleted_at)}
    root = oai(
        client,
        verb="ListMetadataFormats",
        identifier=f"oai:{REPOSITORY}:{identifier}",
    )
    assert xpath(root, "//oai:metadataPrefix/text()") == ["oai_dc", "lido"]


def test_an_identifier_public_again_outweighs_its_tombstone(client, catalogue):
    old = catalogue["top"]
    identifier, institution = old.identifier, old.institution
    old.delete()
    again = factories.make_object(
        status="draft", institution=institution, identifier=identifier
    )
    # Not public yet: the tombstone still speaks.
    root = oai(
        client,
        verb="GetRecord",
        identifier=f"oai:{REPOSITORY}:{identifier}",
        metadataPrefix="oai_dc",
    )
    assert xpath(root, "//oai:header/@status") == ["deleted"]
    publish_object(again)
    root = oai(
        client,
        verb="GetRecord",
        identifier=f"oai:{REPOSITORY}:{identifier}",
        metadataPrefix="oai_dc",
    )
    assert xpath(root, "//oai:header/@status") == []
    assert xpath(root, "//oai:datestamp/text()") == [stamp(again.updated_at)]
    (page,) = harvest(client, metadataPrefix="oai_dc")
    assert identifiers(page).count(identifier) == 1
    withdraw_object(again)
    (page,) = harvest(client, metadataPrefix="oai_dc")
    assert identifiers(page, deleted=True).count(identifier) == 1
    assert identifiers(page).count(identifier) == 1


def test_resumption_across_pages(client, settings, catalogue):
    settings.KULTURSCHATZ_OAI_PAGE_SIZE = 2
    for _ in range(6):
        published(institution=catalogue["other"])
    expected = {
        o.identifier for o in HeritageObject.objects.filter(published_at__isnull=False)
    }
    assert len(expected) == 11
    for verb in ("ListIdentifiers", "ListRecords"):
        pages = harvest(client, verb, metadataPrefix="oai_dc")
        assert len(pages) == 6
        seen = [i for page in pages for i in identifiers(page)]
        assert sorted(seen) == sorted(expected)
        for number, page in enumerate(pages):
            token = token_of(page)
            assert token.get("cursor") == str(2 * number)
            assert token.get("completeListSize") == "11"
            if number < 5:
                assert token.text and token.get("expirationDate", "").endswith("Z")
            else:
                assert token.text is None and token.get("expirationDate") is None
        stamps = [s for page in pages for s in xpath(page, "//oai:datestamp/text()")]
        assert stamps == sorted(stamps)


def test_tokens_stay_valid_while_records_change(client, settings, catalogue):
    """Between pages records are changed, added, withdrawn and deleted: the
    list neither repeats nor skips the unchanged ones, and the next harvest
    from this one's responseDate picks up what changed."""
    settings.KULTURSCHATZ_OAI_PAGE_SIZE = 3
    base = timezone.now() - datetime.timedelta(days=30)
    extra = [published(institution=catalogue["other"]) for _ in range(9)]
    everything = [
        catalogue[k] for k in ("top", "child", "loose", "withdrawn", "embargoed")
    ] + extra
    for offset, item in enumerate(everything):  # distinct, known order
        set_updated_at(item, base + datetime.timedelta(hours=offset))
    order = [item.identifier for item in everything]

    first = oai(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    response_date = xpath(first, "oai:responseDate/text()")[0]
    assert identifiers(first) == order[:3]
    changed, withdrawn, deleted = everything[5], everything[8], everything[11]
    changed.title = "Geändert"
    changed.save()
    withdraw_object(withdrawn)
    deleted_identifier = deleted.identifier
    deleted.delete()
    added = published(institution=catalogue["other"])
    # A change to an object already harvested does not shift the rest.
    everything[1].save()

    pages = [first]
    while (token := token_of(pages[-1])) is not None and token.text:
        pages.append(oai(client, verb="ListIdentifiers", resumptionToken=token.text))
    seen = [i for page in pages for i in identifiers(page)]
    gone = {changed.identifier, withdrawn.identifier, deleted_identifier}
    assert seen == [i for i in order if i not in gone]
    assert added.identifier not in seen
    assert all(token_of(p).get("completeListSize") == "14" for p in pages)

    later = oai(
        client,
        verb="ListIdentifiers",
        metadataPrefix="oai_dc",
        **{"from": response_date},
    )
    pages = [later]
    while (token := token_of(pages[-1])) is not None and token.text:
        pages.append(oai(client, verb="ListIdentifiers", resumptionToken=token.text))
    fresh = {i for page in pages for i in identifiers(page)}
    assert {changed.identifier, added.identifier, everything[1].identifier} <= fresh
    deleted_now = {i for page in pages for i in identifiers(page, deleted=True)}
    assert {withdrawn.identifier, deleted_identifier} <= deleted_now


def test_bad_resumption_tokens(client, settings, catalogue):
    settings.KULTURSCHATZ_OAI_PAGE_SIZE = 1
    first = oai(client, verb="ListRecords", metadataPrefix="oai_dc")
    token = token_of(first).text
    assert error_of(oai(client, verb="ListRecords", resumptionToken=token)) is None
    tampered = token[:-1] + ("A" if token[-1] != "A" else "B")
    messages = {}
    for label, verb, text in (
        ("tampered", "ListRecords", tampered),
        ("garbled", "ListRecords", "garbled"),
        ("other verb", "ListIdentifiers", token),
    ):
        root = oai(client, verb=verb, resumptionToken=text)
        assert error_of(root) == "badResumptionToken", label
        assert xpath(root, "oai:request/@resumptionToken") == [text]
        messages[label] = xpath(root, "oai:error/text()")[0]
    settings.KULTURSCHATZ_OAI_TOKEN_LIFETIME = -1
    root = oai(client, verb="ListRecords", resumptionToken=token)
    assert error_of(root) == "badResumptionToken"
    messages["expired"] = xpath(root, "oai:error/text()")[0]
    # Each reason has its own message (altered and garbled are one reason).
    assert messages["tampered"] == messages["garbled"]
    assert len(set(messages.values())) == 3


def test_a_list_records_page_takes_a_fixed_number_of_queries(
    client, settings, catalogue
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(20):
        factories.make_image(published(institution=catalogue["other"]))
    counts = {}
    for size in (3, 20):
        settings.KULTURSCHATZ_OAI_PAGE_SIZE = size
        with CaptureQueriesContext(connection) as queries:
            root = oai(client, verb="ListRecords", metadataPrefix="lido")
        assert len(xpath(root, "//oai:record")) == size
        counts[size] = len(queries)
    assert counts[3] == counts[20]


def test_deleting_many_objects_at_once_leaves_their_tombstones(catalogue):
    HeritageObject.objects.filter(institution=catalogue["institution"]).delete()
    assert set(DeletedRecord.objects.values_list("identifier", flat=True)) == {
        catalogue[key].identifier for key in ("top", "child", "withdrawn", "embargoed")
    }


def test_system_check_reports_bad_oai_settings(settings):
    from kulturschatz.metadata.oai.checks import check_oai_settings

    assert check_oai_settings() == []
    settings.KULTURSCHATZ_OAI_REPOSITORY_IDENTIFIER = "127.0.0.1"
    settings.KULTURSCHATZ_OAI_ADMIN_EMAILS = ["archiv"]
    settings.KULTURSCHATZ_OAI_PAGE_SIZE = 0
    assert [error.id for error in check_oai_settings()] == [
        "metadata.E001",
        "metadata.E002",
        "metadata.E003",
    ]
