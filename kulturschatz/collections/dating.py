"""Read the date notations of German museum catalogues as ranges of years.

``parse_date`` turns what a cataloguer wrote ("um 1080", "2. Hälfte 15. Jh.",
"ca. 4600–4450 v. Chr.") into the inclusive range of years it covers, so objects
can be found by range search and grouped in facets. BCE years are negative
(``1 v. Chr.`` is ``-1``). Input that cannot be read gives ``None``: the parser
never raises and never guesses. Case and whitespace do not matter; ``-``, ``–``,
``—`` and ``bis`` mark a range; ``ca.``, ``um``, ``circa``, ``etwa`` and
``ungefähr`` mark an approximation.

Conventions (all bounds inclusive):

==================================  ============================================
Written                             Years
==================================  ============================================
``1802``, ``26.06.1802``,           the year itself (also ``06.1802``,
``26. Juni 1802``, ``Mai 1916``,    ``1916-05-03``); a day must fit its month,
``1916-05``                         Feb. 29 is always accepted
``um 1080`` (``ca.`` ...)           1070–1090: a single year widens by ±10;
                                    ranges, centuries, decades are kept as is
``10. Jh.``, ``10. Jahrhundert``    901–1000; ``1. Jh. v. Chr.`` -> -100..-1
``5. Jt. v. Chr.``                  -5000..-4001 (Jahrtausend)
``Anfang``/``frühes`` 12. Jh.       years 1–30 of the span: 1101–1130
``Mitte (des)`` 12. Jh.             years 40–60: 1140–1160
``Ende``/``spätes`` 12. Jh.         years 70–100: 1170–1200
``2. Hälfte``/``Drittel``/          equal shares of the span: 1451–1500,
``Viertel``, ``letztes Viertel``    ``2. Drittel 18. Jh.`` -> 1734–1766
``15. Jh., 2. Hälfte``              inverted catalogue order, same as above
``1930er (Jahre)``                  1930–1939; ``20er Jahre des 20. Jh.`` too
``Anfang der 1930er Jahre``         parts scale to decades (1930–1932) and
                                    millennia; on a plain year they change nothing
``1012–1018``, ``1012-18``,         the range; a shortened end takes the leading
``1853/55``, ``9./10. Jh.``,        digits, unit, year or era of the other side
``Ende 10./Anfang 11. Jh.``         (``ca. 4600–4450 v. Chr.`` -> -4600..-4450)
``1910-12`` vs. ``1916-05``         hyphenated ``YYYY-MM`` is a range when that
                                    reads forwards (1910–1912, which contains
                                    December 1910), otherwise ISO month (1916)
``vor 1185``                        25 years before: 1160–1184
``nach 1945``                       25 years after: 1946–1970
``bis 1918``                        until: 1894–1918 (or the whole span if longer)
``ab 1900``, ``seit 1900``          from: 1900–1924 (or the whole span)
``kurz vor``/``kurz nach``          10-year window instead of 25
``(?)``, ``?``, ``wohl``,           ignored: display nuances that do not
``vermutlich``, ``datiert``, ...    change the range
==================================  ============================================

Deliberately unsupported (``None``): named periods ("Mittelalter"), Roman
numerals, two-digit years in numeric dates ("15.03.44"), decades without a
century ("20er Jahre"), ``50 v. Chr.–100`` without an explicit ``n. Chr.``,
shortened ends crossing a century ("1899/00"), CE dates after 2100.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class DateRange:
    """Inclusive range of years; BCE years are negative."""

    earliest: int
    latest: int


# What kind of expression produced a range; ranges use it to let a shortened
# side borrow the unit ("9./10. Jh.") or the year ("26.06.–03.07.1802").
_Kind = Literal["year", "date", "decade", "century", "millennium", "window"]
_Parsed = tuple[DateRange, _Kind]

APPROX_MARGIN = 10
RELATIVE_WINDOW = 25
SHORT_RELATIVE_WINDOW = 10
# Nothing in a heritage archive is dated into the future; a larger CE year is
# a typo, and reading it literally would pollute range search.
MAX_CE_YEAR = 2100
# Catalogue dates are short; the cap keeps pathological input cheap.
MAX_INPUT_LENGTH = 120

_MONTHS: dict[str, int] = {
    "januar": 1,
    "jänner": 1,
    "jan": 1,
    "februar": 2,
    "feber": 2,
    "febr": 2,
    "feb": 2,
    "märz": 3,
    "maerz": 3,
    "mrz": 3,
    "mär": 3,
    "april": 4,
    "apr": 4,
    "mai": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "dezember": 12,
    "dez": 12,
}
# Longest names first so "juni" is not read as "jun" + garbage.
_MONTH_ALT = "|".join(sorted(_MONTHS, key=len, reverse=True))
# No leap-year check: before the calendar reform (1700 in Protestant Saxony)
# Julian leap days exist that a Gregorian check would reject.
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

_LETTER = r"a-zäöüß"

# --- normalisation -----------------------------------------------------------
# Every dash becomes an en dash; the ASCII hyphen stays distinct because ISO
# dates ("1916-05") use it, while "1916–05" can only be a (backwards) range.
_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-"} | dict.fromkeys("\u2012\u2014\u2015\u2212", "–")
)
_UNCERTAIN_MARK_RE = re.compile(r"[(\[]\s*\?\s*[)\]]")
_BRACKET_RE = re.compile(r"[()\[\]]")
_QUALIFIER_RE = re.compile(
    rf"(?<![{_LETTER}.])(?:bez\.?\s*(?:u\.|und)\s*dat(?:\.|iert(?![{_LETTER}]))"
    rf"|dat\.|datiert|wohl|vermutl(?:\.|ich)|wahrscheinlich)(?![{_LETTER}])"
)
# Only a question mark that ends a token is a qualifier; "18??" stays and fails.
_TRAILING_QUESTION_RE = re.compile(r"\?(?=[\s/–-]|$)")
_SPACES_RE = re.compile(r"\s+")
_LEADING_PREPOSITION_RE = re.compile(r"(?:im|in\s+der|in\s+den|aus\s+dem|aus\s+der)\s+")
# "1920er-/30er-Jahre": the hyphen belongs to the compound, not to the range.
_DECADE_COMPOUND_HYPHEN_RE = re.compile(r"(\d0er)-(?=\s*(?:/|bis\b))")

# --- era, prefixes, separators ------------------------------------------------
_ERA_RE = re.compile(
    rf"(?<![{_LETTER}])(?:"
    r"(?P<bce>v\.\s*chr\.?|vor\s+chr(?:istus|\.)?|v\.\s*u\.\s*z\.?"
    r"|vor\s+unserer\s+zeitrechnung)"
    r"|(?P<ce>n\.\s*chr\.?|nach\s+chr(?:istus|\.)?|u\.\s*z\.?|unserer\s+zeitrechnung)"
    rf")(?![{_LETTER}])"
)
_APPROX_RE = re.compile(
    rf"(?:ca\.?|circa|cirka|zirka|um|etwa|ungefähr|ungef\.)(?![{_LETTER}])\s*"
)
_RELATION_RE = re.compile(
    rf"(?P<short>kurz\s+)?(?P<rel>vor|nach|bis|ab|seit)(?![{_LETTER}])\s*"
)
_RANGE_SEP_RE = re.compile(rf"\s*(?:[–-]|/|(?<![{_LETTER}])bis(?![{_LETTER}]))\s*")
_FROM_RE = re.compile(r"(?:von|ab|seit)\s+")
_BETWEEN_RE = re.compile(r"zwischen\s+(?P<left>.+?)\s+und\s+(?P<right>.+)")

# --- spans --------------------------------------------------------------------
_CENTURY_UNIT = r"(?:jahrhunderts?|jahrh\.|jhdts?\.?|jhds?\.?|jhs?\.?)"
_MILLENNIUM_UNIT = r"(?:jahrtausends?|jtsds?\.?|jtds?\.?|jts?\.?)"
_CENTURY_RE = re.compile(rf"(?P<n>\d{{1,2}})\.\s*{_CENTURY_UNIT}")
_MILLENNIUM_RE = re.compile(rf"(?P<n>\d{{1,2}})\.\s*{_MILLENNIUM_UNIT}")
_DECADE_SUFFIX = r"er(?:\s*[–-]?\s*jahren?)?"
_DECADE_RE = re.compile(
    rf"(?P<digits>\d{{2,4}}){_DECADE_SUFFIX}"
    rf"(?:\s+(?:des|im)\s+(?P<century>\d{{1,2}})\.\s*{_CENTURY_UNIT})?"
)
_FULL_DECADE_RE = re.compile(rf"(?P<head>\d{{1,2}})\d0{_DECADE_SUFFIX}")
_SHORT_DECADE_RE = re.compile(rf"\d0{_DECADE_SUFFIX}")
_ISO_DATE_RE = re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})(?:-(?P<day>\d{2}))?")
# Four-digit years only: "15.03.44" may mean 44 or 1944.
_NUMERIC_DATE_RE = re.compile(
    r"(?P<day>\d{1,2})\.\s*(?P<month>\d{1,2})\.\s*(?P<year>\d{3,4})"
)
_NAMED_DATE_RE = re.compile(
    rf"(?:(?P<day>\d{{1,2}})\.\s*)?(?P<month>{_MONTH_ALT})\.?\s*(?P<year>\d{{1,4}})"
)
_MONTH_YEAR_RE = re.compile(r"(?P<month>\d{1,2})\.\s*(?P<year>\d{4})")
_YEAR_RE = re.compile(r"\d{1,5}")
# "12.000 v. Chr.": thousands separators only occur in prehistoric dates.
_GROUPED_YEAR_RE = re.compile(r"\d{1,3}\.\d{3}")

# --- parts of a span ------------------------------------------------------------
_ORDINAL = r"(?:\d\.?|erste[nrs]?|zweite[nrs]?|dritte[nrs]?|vierte[nrs]?|letzte[nrs]?)"
_PART_MOD = (
    r"(?:anfang|beginn|früh(?:e[mnrs]?)?|mitte|ende|spät(?:e[mnrs]?)?"
    rf"|ausgehende[mnrs]?|{_ORDINAL}\s*(?:hälfte|drittel|viertel))"
)
_PART_MOD_RE = re.compile(_PART_MOD)
_PART_RE = re.compile(
    rf"(?P<mod>{_PART_MOD})(?![{_LETTER}])\s*(?:(?:des|der|d\.)\s*)?(?P<rest>.+)"
)
_INVERTED_PART_RE = re.compile(rf"(?P<span>.+?)\s*,\s*(?P<mod>{_PART_MOD})")
_FRACTION_RE = re.compile(
    r"(?P<ordinal>\d|[a-z]+)\.?\s*(?P<unit>hälfte|drittel|viertel)"
)
_FRACTION_DENOMINATORS = {"hälfte": 2, "drittel": 3, "viertel": 4}
_ORDINAL_STEMS = (("erst", 1), ("zweit", 2), ("dritt", 3), ("viert", 4))

# --- range helpers ----------------------------------------------------------------
_BARE_YEAR_RE = re.compile(r"\d{3,4}")
_SHORT_YEAR_RE = re.compile(r"\d{1,2}")
_BARE_ORDINAL_TAIL_RE = re.compile(r"(?:^|\s)\d{1,2}\.$")
_DAY_MONTH_RE = re.compile(
    rf"\d{{1,2}}\.\s*\d{{1,2}}\.|(?:\d{{1,2}}\.\s*)?(?:{_MONTH_ALT})\.?"
)
_TRAILING_YEAR_RE = re.compile(r"(?<!\d)\d{1,4}$")


def parse_date(text: str) -> DateRange | None:
    """Years covered by a catalogue date as written; None when it cannot be read."""
    if not isinstance(text, str) or len(text) > MAX_INPUT_LENGTH:
        return None
    cleaned = _normalise(text)
    if not cleaned:
        return None
    whole = _split_era(cleaned)
    if whole is not None and whole[0]:
        parsed = _parse_point(whole[0], bce=bool(whole[1]))
        if parsed is not None:
            return parsed[0]
    return _parse_any_range(cleaned)


def format_range(r: DateRange) -> str:
    """Compact human form, e.g. "1012–1018" or "4600–4450 v. Chr."."""
    if r.earliest == r.latest:
        return _format_year(r.earliest)
    if r.earliest < 0 and r.latest < 0:
        return f"{-r.earliest}–{-r.latest} v. Chr."
    if r.earliest < 0:
        # Mixed eras need both markers, or the end would read as BCE too.
        return f"{-r.earliest} v. Chr.–{r.latest} n. Chr."
    return f"{r.earliest}–{r.latest}"


def _format_year(year: int) -> str:
    return f"{-year} v. Chr." if year < 0 else str(year)


def _normalise(text: str) -> str:
    # NFKC folds no-break spaces and decomposed umlauts from copy-pasted data.
    text = unicodedata.normalize("NFKC", text).lower().translate(_DASHES)
    text = _UNCERTAIN_MARK_RE.sub(" ", text)
    text = _BRACKET_RE.sub(" ", text)
    text = _QUALIFIER_RE.sub(" ", text)
    text = _TRAILING_QUESTION_RE.sub(" ", text)
    text = _SPACES_RE.sub(" ", text).strip().rstrip(",;:").strip()
    if match := _LEADING_PREPOSITION_RE.match(text):
        text = text[match.end() :]
    return _DECADE_COMPOUND_HYPHEN_RE.sub(r"\1", text)


def _split_era(text: str) -> tuple[str, bool | None] | None:
    """Remove the era marker: (rest, True for BCE / False for CE / None if absent).

    None when the text holds several markers, which only a range can explain.
    """
    matches = list(_ERA_RE.finditer(text))
    if not matches:
        return text.strip(), None
    if len(matches) > 1:
        return None
    match = matches[0]
    rest = _SPACES_RE.sub(" ", f"{text[: match.start()]} {text[match.end() :]}")
    return rest.strip(" ,"), match.group("bce") is not None


def _add_years(year: int, delta: int) -> int:
    """Shift a year, skipping the year 0 that the BCE/CE count does not have."""
    result = year + delta
    if year > 0 >= result or year < 0 <= result:
        result += 1 if delta > 0 else -1
    return result


def _parse_point(text: str, bce: bool) -> _Parsed | None:
    """One side of a range, or a whole date that is not a range."""
    approx = False
    if match := _APPROX_RE.match(text):
        approx = True
        text = text[match.end() :]
    if relation := _RELATION_RE.match(text):
        parsed = _parse_core(text[relation.end() :], bce)
        if parsed is None:
            return None
        window = _relative_window(parsed[0], relation["rel"], bool(relation["short"]))
        return None if window is None else (window, "window")
    parsed = _parse_core(text, bce)
    if parsed is None:
        return None
    rng, kind = parsed
    if approx and kind == "year":
        widened = DateRange(
            _add_years(rng.earliest, -APPROX_MARGIN),
            _add_years(rng.latest, APPROX_MARGIN),
        )
        return widened, "window"
    return parsed


def _relative_window(rng: DateRange, relation: str, short: bool) -> DateRange | None:
    size = SHORT_RELATIVE_WINDOW if short else RELATIVE_WINDOW
    if relation == "vor":
        return DateRange(_add_years(rng.earliest, -size), _add_years(rng.earliest, -1))
    if relation == "nach":
        return DateRange(_add_years(rng.latest, 1), _add_years(rng.latest, size))
    if short:
        # "kurz bis" / "kurz ab" is not German; refuse rather than guess.
        return None
    if relation == "bis":
        return DateRange(
            min(rng.earliest, _add_years(rng.latest, 1 - size)), rng.latest
        )
    return DateRange(rng.earliest, max(rng.latest, _add_years(rng.earliest, size - 1)))


def _parse_core(text: str, bce: bool) -> _Parsed | None:
    """A span, optionally narrowed by Anfang/Mitte/Ende/Hälfte/... ."""
    if inverted := _INVERTED_PART_RE.fullmatch(text):
        text = f"{inverted['mod']} {inverted['span']}"
    part = _PART_RE.fullmatch(text)
    if part is None:
        return _parse_span(text, bce)
    bounds = _part_bounds(part["mod"])
    parsed = _parse_span(part["rest"], bce)
    if bounds is None or parsed is None:
        return None
    rng, kind = parsed
    if kind in ("year", "date"):
        # "Ende 1918" is late in that year: finer than a year, same range.
        return parsed
    span = rng.latest - rng.earliest + 1
    low, high = bounds
    narrowed = DateRange(
        rng.earliest + (low - 1) * span // 100,
        rng.earliest - 1 + high * span // 100,
    )
    return narrowed, kind


def _part_bounds(modifier: str) -> tuple[int, int] | None:
    """First and last year (1..100) of a century that a modifier selects."""
    if fraction := _FRACTION_RE.fullmatch(modifier):
        denominator = _FRACTION_DENOMINATORS[fraction["unit"]]
        ordinal = fraction["ordinal"]
        if ordinal.isdigit():
            index = int(ordinal)
        elif ordinal.startswith("letzt"):
            index = denominator
        else:
            index = next(
                (n for stem, n in _ORDINAL_STEMS if ordinal.startswith(stem)), 0
            )
        if not 1 <= index <= denominator:
            return None
        return (index - 1) * 100 // denominator + 1, index * 100 // denominator
    if modifier.startswith(("anfang", "beginn", "früh")):
        return 1, 30
    if modifier.startswith("mitte"):
        return 40, 60
    return 70, 100


def _parse_span(text: str, bce: bool) -> _Parsed | None:
    """Century, millennium, decade, exact date or year."""
    result: _Parsed | None = None
    if match := _CENTURY_RE.fullmatch(text):
        result = _nth_span(int(match["n"]), 100, bce), "century"
    elif match := _MILLENNIUM_RE.fullmatch(text):
        result = _nth_span(int(match["n"]), 1000, bce), "millennium"
    elif match := _DECADE_RE.fullmatch(text):
        result = _decade(match, bce)
    elif match := _ISO_DATE_RE.fullmatch(text):
        result = _iso_date(match, bce)
    elif match := _NUMERIC_DATE_RE.fullmatch(text):
        result = _date(match["year"], int(match["month"]), int(match["day"]), bce)
    elif match := _NAMED_DATE_RE.fullmatch(text):
        # Short years read literally only with an era: "März 16" is likely 1916.
        if bce or len(match["year"]) >= 3:
            day = int(match["day"]) if match["day"] else None
            result = _date(match["year"], _MONTHS[match["month"]], day, bce)
    elif match := _MONTH_YEAR_RE.fullmatch(text):
        result = _date(match["year"], int(match["month"]), None, bce)
    elif _YEAR_RE.fullmatch(text) or (bce and _GROUPED_YEAR_RE.fullmatch(text)):
        year = _year(text.replace(".", ""), bce)
        result = None if year is None else (DateRange(year, year), "year")
    if result is None or result[0].earliest == 0:
        return None
    if not bce and result[0].latest > MAX_CE_YEAR:
        return None
    return result


def century_of(year: int) -> int:
    """The century a year lies in, negative for BCE: 1 → 1, 100 → 1, 101 → 2,
    -1 → -1, -101 → -2 (there is no year 0, and no century 0)."""
    return (year - 1) // 100 + 1 if year > 0 else -((-year - 1) // 100 + 1)


def century_span(century: int) -> DateRange:
    """The years of a century, negative for BCE: 12 → 1101–1200, -3 → -300–-201."""
    return _nth_span(abs(century), 100, century < 0)


def _nth_span(n: int, size: int, bce: bool) -> DateRange:
    """The n-th century/millennium; counted from 1, so the 10th is 901–1000."""
    first, last = (n - 1) * size + 1, n * size
    return DateRange(-last, -first) if bce else DateRange(first, last)


def _decade(match: re.Match[str], bce: bool) -> _Parsed | None:
    digits = match["digits"]
    if bce or not digits.endswith("0"):
        return None
    if match["century"]:
        if len(digits) != 2:
            return None
        start = (int(match["century"]) - 1) * 100 + int(digits)
    elif len(digits) < 3:
        # "20er Jahre" without a century would be a guess.
        return None
    else:
        start = int(digits)
    return DateRange(start, start + 9), "decade"


def _iso_date(match: re.Match[str], bce: bool) -> _Parsed | None:
    if match["day"] is None and int(match["month"]) > int(match["year"][-2:]):
        # "1910-12" is far more often 1910–1912 than December 1910; the range
        # contains the month anyway, so let the range reading win.
        return None
    day = int(match["day"]) if match["day"] else None
    return _date(match["year"], int(match["month"]), day, bce)


def _date(year_digits: str, month: int, day: int | None, bce: bool) -> _Parsed | None:
    if not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return None
    year = _year(year_digits, bce)
    return None if year is None else (DateRange(year, year), "date")


def _year(digits: str, bce: bool) -> int | None:
    value = int(digits)
    if value == 0:
        return None
    return -value if bce else value


def _parse_any_range(text: str) -> DateRange | None:
    """Try every separator as the split point; accept one unambiguous reading."""
    if match := _APPROX_RE.match(text):
        # A range already states its extent; "ca." on it is not widened.
        text = text[match.end() :]
    if between := _BETWEEN_RE.fullmatch(text):
        return _parse_range(between["left"], between["right"], alternatives=False)
    if match := _FROM_RE.match(text):
        text = text[match.end() :]
    readings: set[DateRange] = set()
    for separator in _RANGE_SEP_RE.finditer(text):
        reading = _parse_range(
            text[: separator.start()],
            text[separator.end() :],
            alternatives=separator.group().strip() == "/",
        )
        if reading is not None:
            readings.add(reading)
    return readings.pop() if len(readings) == 1 else None


def _parse_range(left: str, right: str, alternatives: bool) -> DateRange | None:
    """Combine two sides; "/" lists alternatives, other separators run forwards."""
    left_split, right_split = _split_era(left), _split_era(right)
    if left_split is None or right_split is None:
        return None
    (left, left_era), (right, right_era) = left_split, right_split
    if not left or not right:
        return None
    # An era written once at the end covers both sides ("4600–4450 v. Chr."),
    # but one written only at the start leaves the end open ("50 v. Chr.–100").
    if right_era is None and left_era:
        return None
    left_bce = bool(right_era) if left_era is None else left_era
    right_bce = bool(right_era)

    if _PART_MOD_RE.fullmatch(left) and (part := _PART_RE.fullmatch(right)):
        left = f"{left} {part['rest']}"  # "Mitte bis Ende 19. Jh."
    if not left_bce and not right_bce:
        completed = _complete_short_end(left, right)
        if completed is None:
            return None
        right = completed

    right_parsed = _parse_point(right, right_bce)
    if right_parsed is None:
        return None
    left = _borrow_from_right(left, right, right_parsed[1])
    left_parsed = _parse_point(left, left_bce)
    if left_parsed is None:
        return None
    first, second = left_parsed[0], right_parsed[0]
    if alternatives:
        return DateRange(
            min(first.earliest, second.earliest), max(first.latest, second.latest)
        )
    if first.earliest > second.earliest or first.latest > second.latest:
        return None
    return DateRange(first.earliest, second.latest)


def _complete_short_end(left: str, right: str) -> str | None:
    """Expand "1012-18" and "1920er/30er"; None if the short end runs backwards."""
    if _BARE_YEAR_RE.fullmatch(left) and _SHORT_YEAR_RE.fullmatch(right):
        if int(right) >= int(left):
            return right
        completed = left[: -len(right)] + right
        # "1899/00" would need a century jump; refuse instead of guessing.
        return completed if int(completed) > int(left) else None
    if (decade := _FULL_DECADE_RE.fullmatch(left)) and _SHORT_DECADE_RE.fullmatch(
        right
    ):
        return decade["head"] + right
    return right


def _borrow_from_right(left: str, right: str, right_kind: _Kind) -> str:
    """Give a shortened left side the unit or year written only on the right."""
    if _BARE_ORDINAL_TAIL_RE.search(left):
        if right_kind == "century":
            return f"{left} jh."
        if right_kind == "millennium":
            return f"{left} jt."
    year = _TRAILING_YEAR_RE.search(right)
    if right_kind == "date" and year and _DAY_MONTH_RE.fullmatch(left):
        return f"{left} {year.group()}"
    return left
