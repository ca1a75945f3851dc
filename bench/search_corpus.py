"""Generated German museum records for the search benchmarks.

Deterministic (seeded): the same count gives the same records. Descriptions
have 50–300 words drawn with a Zipf-like distribution from a vocabulary of
German catalogue words, inflected forms and compounds (Kirchenglocke,
Prachtbibel …); a fifth carry an English summary. Facet values (type,
collection, institution, material, place, person) and dates are spread the way
a regional archive's are: a few common values and a long tail.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator

NOUNS = """Kirche Glocke Bibel Urkunde Handschrift Münze Siegel Kelch Orgel Altar Taufstein
Grabplatte Fenster Leuchter Kreuz Reliquiar Chronik Brief Karte Plan Foto Fotografie
Postkarte Zeichnung Gemälde Bildnis Porträt Wappen Schrank Truhe Kasten Becher Krug Teller
Schale Kanne Ring Fibel Schwert Helm Rüstung Buch Bücher Einband Pergament Papier Tinte Gold
Silber Bronze Eisen Holz Stein Sandstein Marmor Glas Ton Leder Seide Wolle Leinen Dom Schloss
Burg Stadt Markt Brücke Mühle Turm Tor Haus Häuser Straße Garten Park Fluss Saale Werk Fabrik
Anlage Kessel Maschine Pumpe Turbine Rohr Leitung Labor Chemie Ammoniak Benzin Kautschuk
Arbeiter Meister Bischof König Kaiser Graf Herzog Mönch Nonne Priester Kantor Schreiber Maler
Bildhauer Goldschmied Orgelbauer Zauberspruch Zaubersprüche Gebet Predigt Psalter Evangeliar
Missale Brevier Urbar Register Akte Rechnung Vertrag Privileg Stiftung Schenkung Erwerb Ankauf
Sammlung Museum Archiv Bibliothek Domschatz Inventar Nummer Jahrhundert Jahr Zeit Epoche""".split()
MODIFIERS = """Kirchen Dom Pracht Stadt Schloss Burg Gold Silber Bronze Stein Holz Glas Taufe
Grab Altar Hand Kloster Bischofs Königs Kaisers Markt Werks Fabrik Chemie Arbeiter Orgel Glocken
Buch Kupfer Eisen Leder Papier""".split()
HEADS = """glocke bibel platte schrank kelch leuchter fenster kreuz siegel urkunde buch karte plan
becher krug schale kanne truhe tor turm haus anlage kessel halle werk stich druck schnitt""".split()
ADJECTIVES = """alt alte alten großer große großen klein kleine kleinen reich reiche verziert
verzierte vergoldet vergoldete bemalt bemalte geschnitzt geschnitzte romanisch romanische gotisch
gotische barock barocke mittelalterlich mittelalterliche frühe späte neue erhaltene beschädigte
restauriert restaurierte seltene kostbare einfache schlichte prächtige""".split()
VERBS = """zeigt trägt stammt gehört befindet entstand wurde wird gilt enthält beschreibt nennt
überliefert erwähnt diente dient zeigte kam gelangte""".split()
FUNCTION = """der die das des dem den ein eine einer eines und oder mit von im in aus auf für
zu zur zum nach bei als auch nicht sich""".split()
ENGLISH = """the church bell bible charter manuscript coin seal chalice organ altar window
candlestick cross chronicle letter map plan photograph drawing painting portrait treasure
cathedral castle town market bridge mill tower house street garden river works factory plant
chemistry worker master bishop king emperor count monk priest medieval gothic romanesque
baroque gilded carved painted rare precious early late old large small""".split()
PLACES = """Merseburg Leuna Schkopau Bad Dürrenberg Halle Leipzig Naumburg Querfurt Mücheln
Braunsbedra Schafstädt Lützen Weißenfels Zeitz Magdeburg Dresden Wittenberg Freyburg""".split()
PERSONS = """Thietmar Rudolf Ladegast Gentz Bose Heinrich Otto Konrad Albrecht Friedrich
Christian Moritz Sophie Agnes Mechthild Walter Bernhard Ludwig Gottfried Johann""".split()
TYPES = """Handschrift Urkunde Münze Siegel Gemälde Fotografie Plan Karte Skulptur
Goldschmiedearbeit Textil Möbel Glocke Orgelteil Werkzeug Maschine Dokument Buch Druckgraphik
Zeichnung""".split()


def _vocabulary(rng: random.Random) -> list[str]:
    words = NOUNS + ADJECTIVES + VERBS + PLACES + PERSONS
    words += [m + h for m in MODIFIERS for h in HEADS]
    # A long tail of rarer invented compounds and names, as real catalogues have.
    syllables = (
        "ber burg dorf feld hau heim kir lin mar mer sen stein tal wal wer zel".split()
    )
    for _ in range(20_000):
        words.append(
            "".join(
                rng.choice(syllables) for _ in range(rng.randint(2, 4))
            ).capitalize()
        )
    return words


def generate(count: int, *, seed: int = 2026) -> Iterator[dict]:
    """Plain dicts: what a record holds, independent of the models."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng)
    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(vocabulary))]
    cumulative = list(itertools.accumulate(weights))
    function_weight = 0.35
    for number in range(1, count + 1):
        length = rng.randint(50, 300)
        body = []
        for chunk in range(0, length, 12):
            body += rng.choices(
                vocabulary, cum_weights=cumulative, k=min(12, length - chunk)
            )
            body += rng.sample(FUNCTION, k=max(1, int(12 * function_weight) // 2))
            body[-1] += "."
        title_words = rng.choices(vocabulary[:400], k=rng.randint(2, 6))
        type_index = min(int(rng.paretovariate(1.2)) - 1, len(TYPES) - 1)
        earliest = rng.choice([None] + list(range(900, 2000)))
        latest = (
            None if earliest is None else earliest + rng.choice([0, 0, 5, 20, 50, 99])
        )
        record = {
            "number": number,
            "title": " ".join([TYPES[type_index], *title_words]),
            "description": " ".join(body),
            "english": " ".join(rng.choices(ENGLISH, k=rng.randint(15, 40)))
            if rng.random() < 0.2
            else "",
            "type": type_index + 1,
            "collection": min(int(rng.paretovariate(1.0)), 40),
            "institution": min(int(rng.paretovariate(1.5)), 12),
            "materials": sorted({rng.randint(1, 60) for _ in range(rng.randint(1, 3))}),
            "places": sorted({rng.randint(1, 300) for _ in range(rng.randint(0, 2))}),
            "persons": sorted(
                {
                    int(rng.paretovariate(0.8)) % 5000 + 1
                    for _ in range(rng.randint(0, 3))
                }
            ),
            "earliest": earliest,
            "latest": latest,
            "inventory": f"KSM-{number // 1000:03d}/{number % 1000:04d}",
            "place_names": rng.sample(PLACES, k=2),
            "person_names": rng.sample(PERSONS, k=2),
        }
        yield record
