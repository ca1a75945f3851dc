"""Plain factory functions for test data (no fixtures files)."""

import io
import itertools

from django.contrib.auth.models import Group, User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kulturschatz.collections.models import (
    Agent,
    Collection,
    Concept,
    HeritageObject,
    Institution,
    ObjectImage,
)
from kulturschatz.collections.staff_groups import ensure_staff_groups

_counter = itertools.count(1)


def make_concept(kind: str, label: str, slug: str | None = None, uris=()) -> Concept:
    concept = Concept.objects.create(kind=kind, label=label, slug=slug or f"c{next(_counter)}")
    for uri in uris:
        concept.uris.create(uri=uri)
    return concept


def make_institution(name: str = "Testmuseum Merseburg", **fields) -> Institution:
    n = next(_counter)
    return Institution.objects.create(name=f"{name} {n}", slug=f"inst-{n}", **fields)


def make_collection(institution: Institution, name: str = "Sammlung", **fields) -> Collection:
    n = next(_counter)
    return Collection.objects.create(
        institution=institution, name=f"{name} {n}", slug=f"sammlung-{n}", **fields
    )


def make_object(
    *, status: str = HeritageObject.Status.PUBLISHED, institution=None, **fields
) -> HeritageObject:
    n = next(_counter)
    institution = institution or make_institution()
    defaults = {
        "identifier": f"obj-{n}",
        "inventory_number": f"INV {n}",
        "title": f"Testobjekt {n}",
    }
    return HeritageObject.objects.create(
        institution=institution, status=status, **{**defaults, **fields}
    )


def image_bytes(size=(800, 600), mode: str = "RGB", fmt: str = "JPEG", colour="#8c1c13") -> bytes:
    buffer = io.BytesIO()
    image = Image.new(mode, size, colour if mode in ("RGB", "RGBA") else 128)
    # A gradient so that crops and scales differ visibly.
    for x in range(0, size[0], max(1, size[0] // 16)):
        image.paste((x * 255 // size[0], 90, 30) if mode == "RGB" else x % 256, (x, 0, x + 4, size[1]))
    image.save(buffer, fmt)
    return buffer.getvalue()


def uploaded_image(name: str = "scan.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/jpeg")


def make_image(heritage_object: HeritageObject, *, order: int = 0, primary: bool = True, **kwargs) -> ObjectImage:
    image = ObjectImage(heritage_object=heritage_object, order=order, is_primary=primary)
    image.master.save("scan.jpg", uploaded_image(**kwargs), save=False)
    image.save()
    return image


def make_staff(group: str, username: str | None = None) -> User:
    user = User.objects.create_user(
        username=username or f"{group.lower()}-{next(_counter)}",
        password="Merseburg-1080-Test",
        is_staff=True,
    )
    if not Group.objects.filter(name=group).exists():
        ensure_staff_groups()  # a transactional test flushed the migration's groups
    user.groups.add(Group.objects.get(name=group))
    return user


def make_agent(name: str, uris=(), **fields) -> Agent:
    agent = Agent.objects.create(name=name, **fields)
    for uri in uris:
        agent.uris.create(uri=uri)
    return agent
