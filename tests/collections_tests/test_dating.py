"""Tests for the catalogue date parser (pure module, no Django needed)."""

from __future__ import annotations

import random
import string

import pytest

from kulturschatz.collections.dating import (
    DateRange,
    century_of,
    century_span,
    format_range,
    parse_date,
)

R = DateRange

CASES: list[tuple[str, DateRange | None]] = [
    # Exact years and dates.
    ("1802", R(1802, 1802)),
    ("26.06.1802", R(1802, 1802)),
    ("26. Juni 1802", R(1802, 1802)),
    ("3. Sept. 1802", R(1802, 1802)),
    ("Mai 1916", R(1916, 1916)),
    ("06.1802", R(1802, 1802)),
    ("1916-05", R(1916, 1916)),
    ("1916-05-03", R(1916, 1916)),
    ("15. März 44 v. Chr.", R(-44, -44)),
    ("12.000 v. Chr.", R(-12000, -12000)),
    ("300 v. u. Z.", R(-300, -300)),
    # Approximate years: ±10.
    ("um 1080", R(1070, 1090)),
    ("ca. 1080", R(1070, 1090)),
    ("ca 1080", R(1070, 1090)),
    ("circa 1900", R(1890, 1910)),
    ("etwa 1900", R(1890, 1910)),
    ("ungefähr 1900", R(1890, 1910)),
    ("  UM   1900  ", R(1890, 1910)),
    ("um 4500 v. Chr.", R(-4510, -4490)),
    ("um 5", R(-6, 15)),  # no year 0 between 1 v. Chr. and 1 n. Chr.
    # Centuries and millennia.
    ("10. Jh.", R(901, 1000)),
    ("10. Jahrhundert", R(901, 1000)),
    ("10.Jh", R(901, 1000)),
    ("10. Jhdt.", R(901, 1000)),
    ("um 10. Jh.", R(901, 1000)),
    ("1. Jh. v. Chr.", R(-100, -1)),
    ("10. Jh. n. Chr.", R(901, 1000)),
    ("5. Jt. v. Chr.", R(-5000, -4001)),
    ("5. Jahrtausend v. Chr.", R(-5000, -4001)),
    # Parts of a span.
    ("Anfang 12. Jh.", R(1101, 1130)),
    ("frühes 12. Jh.", R(1101, 1130)),
    ("Mitte 12. Jh.", R(1140, 1160)),
    ("Mitte des 12. Jahrhunderts", R(1140, 1160)),
    ("Ende 12. Jh.", R(1170, 1200)),
    ("spätes 12. Jh.", R(1170, 1200)),
    ("ausgehendes 12. Jh.", R(1170, 1200)),
    ("1. Hälfte 15. Jh.", R(1401, 1450)),
    ("2. Hälfte 15. Jh.", R(1451, 1500)),
    ("zweite Hälfte des 15. Jh.", R(1451, 1500)),
    ("in der 2. Hälfte des 15. Jahrhunderts", R(1451, 1500)),
    ("15. Jh., 2. Hälfte", R(1451, 1500)),
    ("1. Viertel 16. Jh.", R(1501, 1525)),
    ("letztes Viertel 18. Jh.", R(1776, 1800)),
    ("2. Drittel 18. Jh.", R(1734, 1766)),
    ("2. Hälfte 1. Jh. v. Chr.", R(-50, -1)),
    ("Ende 1. Jh. v. Chr.", R(-31, -1)),
    ("Ende 1918", R(1918, 1918)),
    # Ranges.
    ("1012–1018", R(1012, 1018)),
    ("1012-1018", R(1012, 1018)),
    ("1012 — 1018", R(1012, 1018)),
    ("1012 bis 1018", R(1012, 1018)),
    ("von 1900 bis 1918", R(1900, 1918)),
    ("zwischen 1900 und 1910", R(1900, 1910)),
    ("1012-18", R(1012, 1018)),
    ("1853/55", R(1853, 1855)),
    ("1853/1855", R(1853, 1855)),
    ("1910-12", R(1910, 1912)),
    ("ca. 1012–18", R(1012, 1018)),
    ("9./10. Jh.", R(801, 1000)),
    ("10.–12. Jh.", R(901, 1200)),
    ("10. bis 12. Jahrhundert", R(901, 1200)),
    ("Ende 10./Anfang 11. Jh.", R(970, 1030)),
    ("Mitte bis Ende 19. Jh.", R(1840, 1900)),
    ("ca. 4600–4450 v. Chr.", R(-4600, -4450)),
    ("4600 v. Chr. – 4450 v. Chr.", R(-4600, -4450)),
    ("11./10. Jh. v. Chr.", R(-1100, -901)),
    ("1. Jh. v. Chr. – 1. Jh. n. Chr.", R(-100, 100)),
    ("26.06.–03.07.1802", R(1802, 1802)),
    ("Mai 1916 – Juni 1917", R(1916, 1917)),
    # Relative dates: 25-year windows (10 with "kurz").
    ("vor 1185", R(1160, 1184)),
    ("nach 1945", R(1946, 1970)),
    ("bis 1918", R(1894, 1918)),
    ("ab 1900", R(1900, 1924)),
    ("kurz nach 1900", R(1901, 1910)),
    ("nach 10. Jh.", R(1001, 1025)),
    # Decades.
    ("1930er Jahre", R(1930, 1939)),
    ("1930er", R(1930, 1939)),
    ("in den 1930er Jahren", R(1930, 1939)),
    ("1920er/30er Jahre", R(1920, 1939)),
    ("1920er-/30er-Jahre", R(1920, 1939)),
    ("20er Jahre des 20. Jh.", R(1920, 1929)),
    ("Anfang der 1930er Jahre", R(1930, 1932)),
    # Qualifiers that keep the range.
    ("um 1080 (?)", R(1070, 1090)),
    ("1802?", R(1802, 1802)),
    ("[um 1900]", R(1890, 1910)),
    ("wohl 10. Jh.", R(901, 1000)),
    ("vermutlich 1853/55", R(1853, 1855)),
    ("datiert 1802", R(1802, 1802)),
    ("dat. 1802", R(1802, 1802)),
    ("bez. u. dat. 1802", R(1802, 1802)),
    # Unreadable: never guess.
    ("", None),
    ("   ", None),
    ("unbekannt", None),
    ("o. J.", None),
    ("undatiert", None),
    ("Mittelalter", None),
    ("?", None),
    ("ca.", None),
    ("Mitte", None),
    ("10.", None),
    ("20er Jahre", None),  # which century?
    ("15.03.44", None),  # 44 or 1944?
    ("März 16", None),  # 16 or 1916?
    ("1900–1850", None),  # runs backwards
    ("1916–05", None),  # en dash: a backwards range, not ISO
    ("1899/00", None),  # shortened end would cross a century
    ("50 v. Chr. – 100", None),  # era of the end left open
    ("30.02.1802", None),
    ("13.1802", None),
    ("25. Jh.", None),  # future
    ("18??", None),
    ("1930er v. Chr.", None),
    ("0", None),
    ("kurz bis 1900", None),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text for text, _ in CASES])
def test_parse_date(text: str, expected: DateRange | None) -> None:
    result = parse_date(text)
    assert result == expected
    if result is not None:
        assert result.earliest <= result.latest


PARSED = [(text, expected) for text, expected in CASES if expected is not None]


@pytest.mark.parametrize(("text", "expected"), PARSED, ids=[text for text, _ in PARSED])
def test_format_range_round_trips(text: str, expected: DateRange) -> None:
    assert parse_date(format_range(expected)) == expected


@pytest.mark.parametrize(
    ("date_range", "expected"),
    [
        (R(1012, 1018), "1012–1018"),
        (R(1802, 1802), "1802"),
        (R(-4600, -4450), "4600–4450 v. Chr."),
        (R(-44, -44), "44 v. Chr."),
        (R(-100, 100), "100 v. Chr.–100 n. Chr."),
    ],
    ids=["ce-range", "single-year", "bce-range", "bce-year", "mixed-eras"],
)
def test_format_range(date_range: DateRange, expected: str) -> None:
    assert format_range(date_range) == expected


def test_enough_cases() -> None:
    assert len(CASES) >= 50
    assert sum(expected is None for _, expected in CASES) >= 8


def test_never_raises_on_random_strings() -> None:
    rng = random.Random(20240611)
    alphabet = "0123456789 .–-/vChrJjhundertumca?" + string.ascii_letters
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        result = parse_date(text)
        if result is not None:
            assert result.earliest <= result.latest, text


def test_never_raises_on_random_token_soup() -> None:
    # Characters rarely form real tokens; shuffled catalogue words reach the
    # deeper branches (ranges, eras, parts of centuries).
    rng = random.Random(1185)
    tokens = [
        "1012", "18", "1853", "/", "–", "-", "bis", "um", "ca.", "vor", "nach",
        "10.", "Jh.", "Jt.", "v. Chr.", "n. Chr.", "Mitte", "Ende", "Anfang",
        "2. Hälfte", "1930er", "30er", "Jahre", "des", "Mai", "26.06.", "?",
        "(?)", "wohl", ",", "zwischen", "und", "von", "0", "00", "99999",
    ]  # fmt: skip
    for _ in range(2000):
        text = " ".join(rng.choice(tokens) for _ in range(rng.randint(1, 6)))
        result = parse_date(text)
        if result is not None:
            assert result.earliest <= result.latest, text


@pytest.mark.parametrize(
    ("year", "century"),
    [(1, 1), (100, 1), (101, 2), (1012, 11), (2000, 20), (-1, -1), (-100, -1), (-101, -2)],
)
def test_century_of_a_year(year, century):
    assert century_of(year) == century
    span = century_span(century)
    assert span.earliest <= year <= span.latest


def test_century_spans_agree_with_the_parser():
    assert century_span(12) == parse_date("12. Jh.") == R(1101, 1200)
    assert century_span(-3) == parse_date("3. Jh. v. Chr.") == R(-300, -201)
