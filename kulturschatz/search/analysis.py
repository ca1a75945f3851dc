"""German (and English) text analysis shared by every search backend.

Pure functions, no Django, no search engine: both backends see the same words.

- ``fold`` lower-cases and folds what German writers interchange: ä/ae → a,
  ö/oe → o, ü/ue → u, ß → ss, and strips other accents (é → e). Written-out
  umlauts are folded except after q (Quelle) and in the diphthongs eu/äu/au
  (Feuer, Bauer), whose "ue" is not an umlaut.
- ``stem_de`` / ``stem_en`` are the Snowball stemmers (the algorithms
  PostgreSQL's ``german`` and ``english`` configurations use), applied to
  folded words and cached: folding and stemming a word is one dict lookup.
- ``parse_query`` turns what a visitor typed into terms, phrases ("…"),
  prefixes (trailing ``*``), exclusions (leading ``-``) and a century
  ("12. Jahrhundert", "12th century") that becomes a date range.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import Stemmer

from kulturschatz.collections.dating import century_span

WORD_RE = re.compile(r"\w+(?:['’]\w+)*", re.UNICODE)

# Snowball's German stop list (abridged to the words that carry no meaning in
# a catalogue record), folded.
GERMAN_STOP_WORDS = frozenset(
    """aber alle allem allen aller alles als also am an ander andere anderem anderen
    anderer anderes anderm andern anders auch auf aus bei bin bis bist da damit dann
    das dass dasselbe dazu dein deine deinem deinen deiner dem demselben den denn
    denselben der derer derselbe derselben des desselben dessen dich die dies diese
    dieselbe dieselben diesem diesen dieser dieses dir doch dort du durch ein eine
    einem einen einer eines einig einige einigem einigen einiger einiges einmal er es
    etwas euch euer eure eurem euren eurer eures fur gegen gewesen hab habe haben hat
    hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im
    in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt
    kann kein keine keinem keinen keiner keines konnen konnte machen man manche
    manchem manchen mancher manches mein meine meinem meinen meiner meines mich mir mit
    muss musste nach nicht nichts noch nun nur ob oder ohne sehr sein seine seinem
    seinen seiner seines selbst sich sie sind so solche solchem solchen solcher
    solches soll sollte sondern sonst uber um und uns unsere unserem unseren unser
    unseres unter viel vom von vor wahrend war waren warst was weg weil weiter welche
    welchem welchen welcher welches wenn werde werden wie wieder will wir wird wirst
    wo wollen wollte wurde wurden zu zum zur zwar zwischen""".split()
)
ENGLISH_STOP_WORDS = frozenset(
    """a an and are as at be but by for from has have in into is it its of on or
    that the their this to was were which with""".split()
)

_UMLAUT_RE = re.compile(r"(?<![qQaeäAEÄ])([aouAOU])[eE]")
_ACCENTS = {"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o"}

_stemmers = {"de": Stemmer.Stemmer("german"), "en": Stemmer.Stemmer("english")}


@lru_cache(maxsize=400_000)
def fold(word: str) -> str:
    """Lower-case and fold umlauts, ß and accents of one word (or a phrase)."""
    word = word.lower()
    word = _UMLAUT_RE.sub(r"\1", word) if "e" in word else word
    if not word.isascii():
        word = "".join(_ACCENTS.get(char, char) for char in word)
        word = "".join(
            char
            for char in unicodedata.normalize("NFKD", word)
            if not unicodedata.combining(char)
        )
    return word


@lru_cache(maxsize=400_000)
def stem_de(word: str) -> str:
    """German stem of a word as typed or written (folded first)."""
    return _stemmers["de"].stemWord(fold(word))


@lru_cache(maxsize=200_000)
def stem_en(word: str) -> str:
    return _stemmers["en"].stemWord(word.lower())


def words(text: str) -> list[str]:
    """The words of a text, as written (no case change)."""
    return WORD_RE.findall(text)


def analyze_lines(text: str) -> list[list[tuple[str, bool]]]:
    """(German stem, is a stop word) of every word, line by line (a line is a
    title, a label, a paragraph): one pass gives the indexed stems, the phrase
    pairs and the stem stream."""
    lines = []
    for line in text.split("\n"):
        words = WORD_RE.findall(line)
        if words:
            lines.append(
                [(stem_de(word), fold(word) in GERMAN_STOP_WORDS) for word in words]
            )
    return lines


def analyze_en(text: str) -> list[str]:
    return [
        stem_en(word)
        for word in WORD_RE.findall(text)
        if word.lower() not in ENGLISH_STOP_WORDS
    ]


def normalize_inventory_number(text: str) -> str:
    """ "DStB Hs. 136" and "dstb-hs-136" are the same inventory number."""
    return "".join(char for char in fold(text) if char.isalnum())


# ---------------------------------------------------------------------------
# Queries
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QueryTerm:
    word: str  # as typed
    folded: str
    stem: str  # German stem
    stem_en: str
    prefix: bool = False

    @classmethod
    def of(cls, word: str, *, prefix: bool = False) -> QueryTerm:
        return cls(word, fold(word), stem_de(word), stem_en(word), prefix)


@dataclass(frozen=True)
class ParsedQuery:
    terms: tuple[QueryTerm, ...] = ()
    phrases: tuple[tuple[QueryTerm, ...], ...] = ()
    excluded: tuple[QueryTerm, ...] = ()
    inventory_number: str = ""  # the whole query, normalised, if it could be one
    century: tuple[int, int] | None = None  # date range named in the query
    text: str = field(default="", compare=False)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.phrases)


_PHRASE_RE = re.compile(r'"([^"]*)"?')
_CENTURY_RE = re.compile(
    r"\b(\d{1,2})\s*\.\s*(?:jahrhunderts?|jhdts?\.?|jhs?\.?)"
    r"(?:\s*(v\.\s*chr\.?|vor\s+christus))?"
    r"|\b(\d{1,2})(?:st|nd|rd|th)\s+century(?:\s+(bc|bce))?",
    re.IGNORECASE,
)
MAX_QUERY_LENGTH = 500
MAX_QUERY_TERMS = 12


def parse_query(text: str) -> ParsedQuery:
    """Parse a visitor's query. Never raises: unusable parts are dropped."""
    text = (text or "")[:MAX_QUERY_LENGTH]
    original = text
    century = None
    match = _CENTURY_RE.search(text)
    if match:
        number = int(match.group(1) or match.group(3))
        bce = bool(match.group(2) or match.group(4))
        if 1 <= number <= 21:
            span = century_span(-number if bce else number)
            century = (span.earliest, span.latest)
            text = text[: match.start()] + " " + text[match.end() :]
    phrases = []
    for phrase_text in _PHRASE_RE.findall(text):
        phrase = tuple(QueryTerm.of(word) for word in words(phrase_text))
        if phrase:
            phrases.append(phrase[:MAX_QUERY_TERMS])
    rest = _PHRASE_RE.sub(" ", text)
    terms: list[QueryTerm] = []
    excluded: list[QueryTerm] = []
    seen = set()
    for token in rest.split():
        negative = token.startswith("-") and len(token) > 1
        prefix = token.endswith("*")
        token_words = words(token)
        for position, word in enumerate(token_words):
            is_last = position == len(token_words) - 1
            term = QueryTerm.of(word, prefix=prefix and is_last)
            if negative:
                excluded.append(term)
            elif term.folded in GERMAN_STOP_WORDS and len(token_words) == 1:
                continue
            elif (term.stem, term.prefix) not in seen:
                seen.add((term.stem, term.prefix))
                terms.append(term)
    single_phrases = [phrase for phrase in phrases if len(phrase) == 1]
    for (term,) in single_phrases:  # "Orgel" in quotes is just the word
        if (term.stem, False) not in seen:
            seen.add((term.stem, False))
            terms.append(term)
    inventory = normalize_inventory_number(original)
    return ParsedQuery(
        terms=tuple(terms[:MAX_QUERY_TERMS]),
        phrases=tuple(phrase for phrase in phrases if len(phrase) > 1),
        excluded=tuple(excluded[:MAX_QUERY_TERMS]),
        inventory_number=inventory if 2 <= len(inventory) <= 100 else "",
        century=century,
        text=original,
    )
