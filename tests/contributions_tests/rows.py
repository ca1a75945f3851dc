"""Contributions as the public forms leave them, made as rows directly (the
forms themselves are tested in test_public_forms)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from kulturschatz.collections.models import HeritageObject
from kulturschatz.contributions.models import (
    ContributionPhoto,
    Hint,
    Licence,
    SharedTreasure,
    new_token,
)
from tests.collections_tests.test_uploads import gps_jpeg


def make_treasure(
    *, photos: int = 1, photo_size: tuple[int, int] = (900, 700), **fields
) -> SharedTreasure:
    """A waiting treasure with ``photos`` JPEGs that carry a GPS position; the
    n-th photo is 100 px wider than the one before."""
    now = timezone.now()
    values = {
        "title": "Omas Kaffeekanne",
        "story": "Die Kanne stand jeden Sonntag auf dem Tisch in der Gotthardtstraße.",
        "date_text": "um 1960",
        "place_text": "Merseburg, Gotthardtstraße",
        "contributor_name": "Erika M.",
        "email": "erika@example.org",
        "licence": Licence.CC_BY_SA,
        "rights_confirmed_at": now,
        "privacy_consent_at": now,
        **fields,
    }
    treasure = SharedTreasure.objects.create(token_hash=new_token()[1], **values)
    width, height = photo_size
    for order in range(photos):
        data = gps_jpeg(size=(width + 100 * order, height))
        photo = ContributionPhoto(
            treasure=treasure,
            order=order,
            original_name=f"IMG_{order + 1}.jpg",
            size=len(data),
            width=width + 100 * order,
            height=height,
        )
        photo.file.save("upload.jpg", ContentFile(data), save=False)
        photo.save()
    return treasure


def make_hint(heritage_object: HeritageObject, **fields) -> Hint:
    values = {
        "kind": Hint.Kind.MEMORY,
        "text": "Mein Großvater hat hier 1952 als Lehrling angefangen.",
        "contributor_name": "Klaus W.",
        "email": "klaus@example.org",
        "privacy_consent_at": timezone.now(),
        **fields,
    }
    return Hint.objects.create(
        heritage_object=heritage_object, token_hash=new_token()[1], **values
    )


def photo_names(treasure: SharedTreasure) -> list[str]:
    return [photo.file.name for photo in treasure.photos.all()]
