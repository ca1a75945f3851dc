"""Demo contributions (Mitmachen): what citizens shared, so that staff and
visitors see the feature at once.

Two shared treasures are accepted and published into "Bürgerschätze" through
the moderation services, one treasure and one hint wait in the queue, and one
hint is shown on a demo object's page. The contributors are invented (marked
as examples); the photos are demo renderings like every other demo image.
Loading is idempotent: each demo contribution has a fixed token hash, and one
that exists is left as it is (whatever the editorial team did with it).
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..models import HeritageObject

if TYPE_CHECKING:
    from .loader import DemoLoader

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"

TREASURES = [
    {
        "key": "ansichtskarte-dom",
        "accept": True,
        "title": "Ansichtskarte „Gruß aus Merseburg“",
        "story": "Diese Ansichtskarte mit dem Blick auf Dom und Schloss fand sich im Nachlass "
        "meiner Urgroßmutter. Auf der Rückseite grüßt sie ihre Schwester in Halle und "
        "schreibt, dass der Schlossgarten „wieder prächtig blüht“. (Beispiel-Einsendung)",
        "date_text": "um 1910",
        "place_text": "Merseburg",
        "place": "merseburg",
        "object_type": "fotografie",
        "contributor_name": "Familie Sommer (Beispiel)",
        "image": {"render": "building", "width": 3000, "height": 2000, "style": "cathedral",
                  "label": "Gruß aus Merseburg"},  # fmt: skip
    },
    {
        "key": "kaffeekanne-leuna",
        "accept": True,
        "title": "Kaffeekanne aus der Werkskantine",
        "story": "Mein Vater brachte die Kanne aus der Kantine des Leuna-Werks mit, als dort "
        "neues Geschirr kam. Bei uns stand sie jeden Sonntag auf dem Kaffeetisch. "
        "(Beispiel-Einsendung)",
        "date_text": "1960er Jahre",
        "place_text": "Leuna",
        "place": "leuna",
        "object_type": "gefaess",
        "contributor_name": "Helga aus Leuna (Beispiel)",
        "image": {"render": "photo_object", "width": 2000, "height": 2400, "shape": "vase",
                  "label": "Kaffeekanne"},  # fmt: skip
    },
    {
        "key": "fotoalbum-schlossgarten",
        "accept": False,
        "title": "Fotoalbum vom Schlossgartenfest",
        "story": "Ein Album mit Fotos vom Fest im Schlossgarten, mit Festumzug und Blaskapelle. "
        "Vielleicht erkennt jemand die Menschen darauf? (Beispiel-Einsendung)",
        "date_text": "Sommer 1975",
        "place_text": "Merseburg, Schlossgarten",
        "contributor_name": "Tom R. (Beispiel)",
        "email": "beispiel@example.org",
        "share_location": True,
        "location": (Decimal("51.357100"), Decimal("11.999300")),
        "image": {"render": "photo_object", "width": 2400, "height": 1800, "shape": "book",
                  "label": "Fotoalbum"},  # fmt: skip
    },
]

HINTS = [
    {
        "key": "hinweis-schloss",
        "show": True,
        "object": "schloss-merseburg",
        "kind": "memory",
        "text": "In den 1980er Jahren war im Schloss die Bezirksbibliothek untergebracht; als "
        "Schüler haben wir dort im Lesesaal unsere Referate geschrieben. (Beispiel-Hinweis)",
        "contributor_name": "Ein ehemaliger Schüler (Beispiel)",
    },
    {
        "key": "hinweis-orgel",
        "show": False,
        "object": "dom-ladegast-orgel",
        "kind": "addition",
        "text": "Beim Orgelkonzert im Sommer wird jedes Jahr auch ein Werk von Liszt gespielt – "
        "vielleicht ließe sich das bei der Orgel ergänzen? (Beispiel-Hinweis)",
        "contributor_name": "M. Krause (Beispiel)",
        "email": "beispiel@example.org",
    },
]


def load_contributions(loader: DemoLoader) -> None:
    """Create the demo contributions that do not exist yet (see the module)."""
    from kulturschatz.contributions import moderation
    from kulturschatz.contributions.models import (
        ContributionPhoto,
        Hint,
        SharedTreasure,
        hash_token,
    )
    from kulturschatz.iiif.imaging import probe

    from .loader import render_jpeg

    now = timezone.now()
    for spec in TREASURES:
        token_hash = hash_token(f"kulturschatz-demo:{spec['key']}")
        if SharedTreasure.objects.filter(token_hash=token_hash).exists():
            continue
        jpeg = render_jpeg(spec["image"], spec["title"], loader.scale)
        with transaction.atomic():
            treasure = SharedTreasure.objects.create(
                token_hash=token_hash,
                title=spec["title"],
                story=spec["story"],
                date_text=spec["date_text"],
                place_text=spec["place_text"],
                contributor_name=spec["contributor_name"],
                email=spec.get("email", ""),
                licence=CC0,  # the demo renderings are CC0, and say so on the picture
                share_location=spec.get("share_location", False),
                rights_confirmed_at=now,
                privacy_consent_at=now,
            )
            latitude, longitude = spec.get("location", (None, None))
            width, height = probe(io.BytesIO(jpeg))
            photo = ContributionPhoto(
                treasure=treasure,
                original_name=f"{spec['key']}.jpg",
                size=len(jpeg),
                width=width,
                height=height,
                latitude=latitude,
                longitude=longitude,
            )
            photo.file.save(f"{spec['key']}.jpg", ContentFile(jpeg), save=False)
            photo.save()
        if spec["accept"]:
            heritage_object = moderation.accept_treasure(
                treasure,
                by=None,  # the system, as for the other demo objects
                publish=True,
                place=loader.places.get(spec.get("place", "")),
                object_type=loader.concepts.get(spec.get("object_type", "")),
            )
            loader.report.created += 1
            loader.progress(f"{heritage_object.identifier}: {heritage_object.title}")
    for spec in HINTS:
        token_hash = hash_token(f"kulturschatz-demo:{spec['key']}")
        heritage_object = HeritageObject.objects.filter(identifier=spec["object"]).first()
        if heritage_object is None or Hint.objects.filter(token_hash=token_hash).exists():
            continue
        hint = Hint.objects.create(
            token_hash=token_hash,
            heritage_object=heritage_object,
            kind=spec["kind"],
            text=spec["text"],
            contributor_name=spec["contributor_name"],
            email=spec.get("email", ""),
            privacy_consent_at=now,
        )
        if spec["show"]:
            moderation.accept_hint(hint, by=None, outcome=Hint.Outcome.SHOWN)
