"""OAI-PMH arguments, datestamps and resumption tokens, checked without the
database (tables of the specification's error conditions)."""

import datetime

from django.test import SimpleTestCase

from kulturschatz.metadata.oai import protocol
from kulturschatz.metadata.oai.protocol import OAIError, parse_request

UTC = datetime.UTC


def pairs(**params: str | list[str]) -> list[tuple[str, list[str]]]:
    return [
        (name.rstrip("_"), value if isinstance(value, list) else [value])
        for name, value in params.items()
    ]


class ParseRequestTests(SimpleTestCase):
    bad = {  # OAI-PMH §3.6 error conditions, (arguments, code)
        "no verb": ({}, "badVerb"),
        "unknown verb": ({"verb": "ListThings"}, "badVerb"),
        "verb repeated": ({"verb": ["Identify", "Identify"]}, "badVerb"),
        "Identify with an argument": (
            {"verb": "Identify", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        "illegal argument": (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "format": "x"},
            "badArgument",
        ),
        "repeated argument": (
            {"verb": "ListRecords", "metadataPrefix": ["oai_dc", "lido"]},
            "badArgument",
        ),
        "GetRecord without identifier": (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        "GetRecord without prefix": (
            {"verb": "GetRecord", "identifier": "oai:a.b:x"},
            "badArgument",
        ),
        "ListRecords without prefix": ({"verb": "ListRecords"}, "badArgument"),
        "ListIdentifiers without prefix": ({"verb": "ListIdentifiers"}, "badArgument"),
        "token not exclusive": (
            {"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        "token for GetRecord": (
            {"verb": "GetRecord", "resumptionToken": "x"},
            "badArgument",
        ),
        "ListMetadataFormats with a set": (
            {"verb": "ListMetadataFormats", "set": "a"},
            "badArgument",
        ),
        "ListSets with a prefix": (
            {"verb": "ListSets", "metadataPrefix": "oai_dc"},
            "badArgument",
        ),
        "prefix syntax": (
            {"verb": "ListRecords", "metadataPrefix": "a b"},
            "badArgument",
        ),
        "empty prefix": ({"verb": "ListRecords", "metadataPrefix": ""}, "badArgument"),
        "set syntax": (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "a::b"},
            "badArgument",
        ),
        "identifier not a URI": (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "a b"},
            "badArgument",
        ),
        "identifier with authority": (
            {"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "x://a:b"},
            "badArgument",
        ),
        "control character": (
            {
                "verb": "GetRecord",
                "metadataPrefix": "oai_dc",
                "identifier": "oai:a\x00",
            },
            "badArgument",
        ),
        "from not a date": (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from_": "yesterday"},
            "badArgument",
        ),
        "from with fraction": (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from_": "2024-01-01T10:00:00.5Z",
            },
            "badArgument",
        ),
        "from with offset": (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from_": "2024-01-01T10:00:00+01:00",
            },
            "badArgument",
        ),
        "until not a day": (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "2024-02-30"},
            "badArgument",
        ),
        "non-ASCII digits": (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "until": "٢٠٢٤-01-01"},
            "badArgument",
        ),
        "granularities differ": (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from_": "2024-01-01",
                "until": "2024-02-01T00:00:00Z",
            },
            "badArgument",
        ),
        "from after until": (
            {
                "verb": "ListRecords",
                "metadataPrefix": "oai_dc",
                "from_": "2024-02-01",
                "until": "2024-01-01",
            },
            "badArgument",
        ),
    }

    def test_bad_requests_raise_their_error(self):
        for label, (arguments, code) in self.bad.items():
            with self.subTest(label):
                with self.assertRaises(OAIError) as raised:
                    parse_request(pairs(**arguments))
                self.assertEqual(raised.exception.code, code)
                self.assertTrue(raised.exception.message)

    def test_bounds_follow_the_granularity(self):
        day = parse_request(
            pairs(
                verb="ListRecords",
                metadataPrefix="oai_dc",
                from_="2024-01-01",
                until="2024-01-31",
            )
        )
        self.assertEqual(day.after, datetime.datetime(2024, 1, 1, tzinfo=UTC))
        self.assertEqual(day.before, datetime.datetime(2024, 2, 1, tzinfo=UTC))
        second = parse_request(
            pairs(
                verb="ListIdentifiers",
                metadataPrefix="lido",
                from_="2024-01-01T10:00:00Z",
                until="2024-01-01T10:00:00Z",
                set="a:b",
            )
        )
        self.assertEqual(second.after, datetime.datetime(2024, 1, 1, 10, tzinfo=UTC))
        self.assertEqual(
            second.before, datetime.datetime(2024, 1, 1, 10, 0, 1, tzinfo=UTC)
        )
        self.assertEqual(second.set_spec, "a:b")
        last = parse_request(
            pairs(verb="ListRecords", metadataPrefix="oai_dc", until="9999-12-31")
        )
        self.assertEqual(last.before.year, 9999)

    def test_datestamps_are_whole_seconds_in_utc(self):
        berlin = datetime.datetime(
            2024,
            7,
            1,
            12,
            30,
            15,
            999_999,
            tzinfo=datetime.timezone(datetime.timedelta(hours=2)),
        )
        self.assertEqual(protocol.format_datestamp(berlin), "2024-07-01T10:30:15Z")

    def test_identifiers(self):
        self.assertEqual(
            protocol.format_identifier("a.example.org", "dsb-cod-136"),
            "oai:a.example.org:dsb-cod-136",
        )
        self.assertEqual(
            protocol.parse_identifier("a.example.org", "oai:a.example.org:x"), "x"
        )
        self.assertIsNone(protocol.parse_identifier("a.example.org", "oai:b.org:x"))
        self.assertIsNone(
            protocol.parse_identifier("a.example.org", "oai:a.example.org:")
        )


class TokenTests(SimpleTestCase):
    state = protocol.ListState(
        verb="ListRecords",
        metadata_prefix="lido",
        set_spec="dom:domschatz",
        after=datetime.datetime(2024, 1, 1, tzinfo=UTC),
        before=datetime.datetime(2025, 3, 1, 9, 15, 2, 123_456, tzinfo=UTC),
        last=(datetime.datetime(2024, 6, 1, 0, 0, 0, 7, tzinfo=UTC), 0, 4711),
        cursor=200,
        complete_list_size=1234,
    )

    def test_a_token_carries_its_state(self):
        token = protocol.encode_token(self.state)
        decoded = protocol.decode_token(token, verb="ListRecords", max_age=60)
        self.assertEqual(decoded, self.state)

    def test_bad_tokens_are_bad_resumption_tokens(self):
        token = protocol.encode_token(self.state)
        tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        cases = {
            "tampered": (tampered, "ListRecords", 60),
            "garbled": ("not-a-token", "ListRecords", 60),
            "empty": ("", "ListRecords", 60),
            "expired": (token, "ListRecords", -1),
            "other verb": (token, "ListIdentifiers", 60),
        }
        for label, (text, verb, max_age) in cases.items():
            with self.subTest(label):
                with self.assertRaises(OAIError) as raised:
                    protocol.decode_token(text, verb=verb, max_age=max_age)
                self.assertEqual(raised.exception.code, "badResumptionToken")
