"""What the API reads. Every object comes from ``published()``; persons and places
are those a published object refers to, by the rule of the person and place pages
(``referring_to_agent`` / ``referring_to_place``: events and subjects)."""

from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from kulturschatz.collections.models import (
    Agent,
    Collection,
    HeritageObject,
    Place,
)


def published_objects() -> QuerySet[HeritageObject]:
    return HeritageObject.objects.published()


def public_agents() -> QuerySet[Agent]:
    """Agents for which ``published().referring_to_agent(agent)`` is not empty."""
    published = published_objects()
    return Agent.objects.filter(
        Q(pk__in=published.values("events__actors__agent"))
        | Q(pk__in=published.values("subject_agents"))
    )


def public_places() -> QuerySet[Place]:
    """Places for which ``published().referring_to_place(place)`` is not empty."""
    published = published_objects()
    return Place.objects.filter(
        Q(pk__in=published.values("events__places"))
        | Q(pk__in=published.values("subject_places"))
    )


def count_by_agent(agent_ids: Iterable[int]) -> Counter[int]:
    """Published objects referring to each agent (each object counted once)."""
    ids = list(agent_ids)
    published = published_objects()
    pairs = set(
        published.filter(events__actors__agent__in=ids).values_list(
            "events__actors__agent", "pk"
        )
    ) | set(published.filter(subject_agents__in=ids).values_list("subject_agents", "pk"))
    return Counter(agent for agent, _pk in pairs)


def count_by_place(place_ids: Iterable[int]) -> Counter[int]:
    """Published objects referring to each place (each object counted once)."""
    ids = list(place_ids)
    published = published_objects()
    pairs = set(
        published.filter(events__places__in=ids).values_list("events__places", "pk")
    ) | set(published.filter(subject_places__in=ids).values_list("subject_places", "pk"))
    return Counter(place for place, _pk in pairs)


def count_by_institution() -> Counter[int]:
    """Published objects per institution, in one query."""
    rows = published_objects().order_by().values_list("institution").annotate(Count("pk"))
    return Counter(dict(rows))


class CollectionTree:
    """Every collection's parent, slug and names, read in one query: paths and
    counts that include sub-collections cost no query per collection."""

    def __init__(self) -> None:
        rows = Collection.objects.order_by().values_list(
            "pk", "parent_id", "slug", "name", "name_en"
        )
        self.nodes = {pk: (parent, slug, name, name_en) for pk, parent, slug, name, name_en in rows}
        self.children: dict[int | None, list[int]] = {}
        for pk, (parent, *_rest) in self.nodes.items():
            self.children.setdefault(parent, []).append(pk)
        self._direct: Counter[int] | None = None

    def path(self, pk: int | None) -> list[int]:
        """The collection's chain from the top-level collection down to it."""
        chain: list[int] = []
        while pk is not None and pk in self.nodes and pk not in chain:
            chain.append(pk)
            pk = self.nodes[pk][0]
        return list(reversed(chain))

    def descendants(self, pk: int) -> set[int]:
        found = {pk}
        frontier = [pk]
        while frontier:
            node = frontier.pop()
            for child in self.children.get(node, []):
                if child not in found:
                    found.add(child)
                    frontier.append(child)
        return found

    def public_count(self, pk: int) -> int:
        """Published objects in the collection and everything below it."""
        if self._direct is None:
            rows = (
                published_objects()
                .filter(collection__isnull=False)
                .order_by()
                .values_list("collection")
                .annotate(Count("pk"))
            )
            self._direct = Counter(dict(rows))
        return sum(self._direct[node] for node in self.descendants(pk))

