"""PostgreSQL full-text search backend, for deployments with several servers.

The index is a table in the catalogue's own database (so every application
server sees one index, and writes are transactional): a weighted ``tsvector``
(title A, descriptions B, everything else C) built with the text search
configuration ``kulturschatz_german`` (German Snowball stemming after
``unaccent``), an English ``tsvector``, facet arrays and the dates. Text is
folded in Python first (ue → u, ß → ss), as for the Whoosh backend, so both
backends agree on what matches.

Compound parts and typo tolerance use a table of the index's lexemes, with a
``reverse(term)`` pattern index (Glocke → Kirchenglocke) and a trigram index
(pg_trgm + fuzzystrmatch's ``levenshtein``). Phrases use ``<->`` on the
positions in the ``tsvector``; prefixes use ``:*``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connections, transaction

from .. import analysis
from ..documents import FACETS, SearchDocument
from .base import (
    BaseSearchBackend,
    Completion,
    ProgressCallback,
    SearchHit,
    SearchQuery,
    SearchResults,
)

CONFIG = "kulturschatz_german"
TABLE = "kulturschatz_search_entry"
TERMS = "kulturschatz_search_term"
SPELLING = "kulturschatz_search_spelling"
RANK_WEIGHTS = "{0.1, 0.25, 0.5, 1.0}"  # D, C, B, A
EXPANSION_LIMITS = {"compound": 16, "fuzzy": 6}

EXTENSIONS_SQL = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS fuzzystrmatch",
]
CONFIG_SQL = [
    f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{CONFIG}') THEN
            CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = german);
            ALTER TEXT SEARCH CONFIGURATION {CONFIG}
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, german_stem;
        END IF;
    END $$""",
]


def table_sql(name: str) -> list[str]:
    facet_columns = ",\n".join(
        f"    f_{facet} integer[] NOT NULL DEFAULT '{{}}'" for facet in FACETS
    )
    return [
        f"""CREATE TABLE IF NOT EXISTS {name} (
    object_id bigint PRIMARY KEY,
    public boolean NOT NULL,
    document tsvector NOT NULL,
    english tsvector NOT NULL,
    completion tsvector NOT NULL,
    inventory text[] NOT NULL,
    earliest integer,
    latest integer,
    sort_title text NOT NULL,
    display_title text NOT NULL,
{facet_columns}
)""",
        f"CREATE INDEX IF NOT EXISTS {name}_document ON {name} USING gin (document)",
        f"CREATE INDEX IF NOT EXISTS {name}_english ON {name} USING gin (english)",
        f"CREATE INDEX IF NOT EXISTS {name}_completion ON {name} USING gin (completion)",
        f"CREATE INDEX IF NOT EXISTS {name}_inventory ON {name} USING gin (inventory)",
    ]


SCHEMA_SQL = [
    *table_sql(TABLE),
    f"CREATE TABLE IF NOT EXISTS {TERMS} (term text PRIMARY KEY)",
    f"CREATE INDEX IF NOT EXISTS {TERMS}_reverse ON {TERMS} (reverse(term) text_pattern_ops)",
    f"CREATE INDEX IF NOT EXISTS {TERMS}_trigram ON {TERMS} USING gin (term gin_trgm_ops)",
    f"CREATE TABLE IF NOT EXISTS {SPELLING} (folded text PRIMARY KEY, word text NOT NULL)",
    f"CREATE INDEX IF NOT EXISTS {SPELLING}_trigram ON {SPELLING} USING gin (folded gin_trgm_ops)",
]


def install(connection) -> None:
    """Create the extensions, the text search configuration and the tables."""
    with connection.cursor() as cursor:
        for statement in EXTENSIONS_SQL + CONFIG_SQL + SCHEMA_SQL:
            cursor.execute(statement)


def fold_text(text: str) -> str:
    """Fold every word (ue → u, ß → ss, lower case), keep the rest. Lines (a
    title, a label) are joined with a stop word, which PostgreSQL drops but
    counts as a position, so no phrase spans two of them."""
    text = " und ".join(text.split("\n"))
    return analysis.WORD_RE.sub(lambda match: analysis.fold(match.group()), text)


def _quote(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"




class PostgresBackend(BaseSearchBackend):
    def __init__(self, *, using: str = "default") -> None:
        self.using = using

    @property
    def connection(self):
        return connections[self.using]

    def check(self) -> list[str]:
        if self.connection.vendor != "postgresql":
            return [
                "The PostgreSQL search backend needs DATABASE_URL to name a PostgreSQL database."
            ]
        return []

    # -- writing ----------------------------------------------------------------

    def _row(self, document: SearchDocument) -> dict:
        row = {
            "object_id": document.pk,
            "public": document.public,
            "title": fold_text(document.title),
            "description": fold_text(document.description),
            "other": fold_text(document.other),
            "english": document.english,
            "completion": fold_text(document.title),
            "inventory": list(document.inventory_numbers),
            "earliest": document.earliest,
            "latest": document.latest,
            "sort_title": document.sort_title,
            "display_title": document.title.split("\n", 1)[0],
        }
        for facet in FACETS:
            row[f"f_{facet}"] = list(document.facets.get(facet, ()))
        return row

    def _insert_sql(self, table: str) -> str:
        facet_names = ", ".join(f"f_{facet}" for facet in FACETS)
        facet_values = ", ".join(f"%(f_{facet})s" for facet in FACETS)
        facet_updates = ", ".join(f"f_{facet} = EXCLUDED.f_{facet}" for facet in FACETS)
        return f"""
            INSERT INTO {table} (object_id, public, document, english, completion, inventory,
                earliest, latest, sort_title, display_title, {facet_names})
            VALUES (%(object_id)s, %(public)s,
                setweight(to_tsvector('{CONFIG}', %(title)s), 'A')
                || setweight(to_tsvector('{CONFIG}', %(description)s), 'B')
                || setweight(to_tsvector('{CONFIG}', %(other)s), 'C'),
                to_tsvector('english', %(english)s),
                to_tsvector('simple', %(completion)s),
                %(inventory)s, %(earliest)s, %(latest)s, %(sort_title)s, %(display_title)s,
                {facet_values})
            ON CONFLICT (object_id) DO UPDATE SET public = EXCLUDED.public,
                document = EXCLUDED.document, english = EXCLUDED.english,
                completion = EXCLUDED.completion, inventory = EXCLUDED.inventory,
                earliest = EXCLUDED.earliest, latest = EXCLUDED.latest,
                sort_title = EXCLUDED.sort_title, display_title = EXCLUDED.display_title,
                {facet_updates}
        """

    def _write(self, cursor, table: str, documents: list[SearchDocument]) -> None:
        cursor.executemany(self._insert_sql(table), [self._row(d) for d in documents])
        cursor.execute(
            f"""INSERT INTO {TERMS} (term)
                SELECT DISTINCT unnest(tsvector_to_array(document)) FROM {table}
                WHERE object_id = ANY(%s) ON CONFLICT DO NOTHING""",
            [[d.pk for d in documents]],
        )
        words = {}
        for document in documents:
            if not document.public:  # spelling suggestions are for the public
                continue
            for word in analysis.words(f"{document.title}\n{document.completions}"):
                if len(word) > 2:
                    words.setdefault(analysis.fold(word), word.lower())
        if words:
            cursor.executemany(
                f"INSERT INTO {SPELLING} (folded, word) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                sorted(words.items()),
            )

    def index(self, documents: Iterable[SearchDocument]) -> int:
        documents = list(documents)
        if not documents:
            return 0
        with transaction.atomic(using=self.using), self.connection.cursor() as cursor:
            self._write(cursor, TABLE, documents)
        return len(documents)

    def delete(self, pks: Iterable[int]) -> None:
        pks = list(pks)
        if pks:
            with self.connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {TABLE} WHERE object_id = ANY(%s)", [pks])

    def rebuild(
        self,
        documents: Iterable[SearchDocument],
        *,
        progress: ProgressCallback | None = None,
    ) -> int:
        """Fill a new table, then swap it in within one transaction: readers
        see the old index until the commit, and the new one after it."""
        fresh = f"{TABLE}_new"
        written = 0
        with self.connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {fresh}")
            for statement in table_sql(fresh):
                cursor.execute(statement)
            cursor.execute(f"TRUNCATE {TERMS}, {SPELLING}")
            batch: list[SearchDocument] = []
            for document in documents:
                batch.append(document)
                if len(batch) >= 500:
                    self._write(cursor, fresh, batch)
                    written += len(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                self._write(cursor, fresh, batch)
                written += len(batch)
                if progress:
                    progress(len(batch))
            with transaction.atomic(using=self.using):
                cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
                cursor.execute(f"ALTER TABLE {fresh} RENAME TO {TABLE}")
                for suffix in ("document", "english", "completion", "inventory"):
                    cursor.execute(
                        f"ALTER INDEX {fresh}_{suffix} RENAME TO {TABLE}_{suffix}"
                    )
                cursor.execute(f"ALTER INDEX {fresh}_pkey RENAME TO {TABLE}_pkey")
        return written

    def clear(self) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {TABLE}, {TERMS}, {SPELLING}")

    def indexed_pks(self) -> set[int]:
        with self.connection.cursor() as cursor:
            cursor.execute(f"SELECT object_id FROM {TABLE}")
            return {row[0] for row in cursor.fetchall()}

    # -- reading ----------------------------------------------------------------

    def _lexemes(self, cursor, words: list[str]) -> list[list[str]]:
        if not words:
            return []
        cursor.execute(
            f"""SELECT w.ord, coalesce(tsvector_to_array(to_tsvector('{CONFIG}', w.word)), '{{}}')
                FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, ord) ORDER BY w.ord""",
            [[analysis.fold(word) for word in words]],
        )
        return [list(row[1]) for row in cursor.fetchall()]

    def _expansions(self, cursor, lexeme: str, folded: str) -> list[str]:
        """Compounds ending in the lexeme, and near terms if it is unknown."""
        found: list[str] = []
        if len(lexeme) >= 4:
            cursor.execute(
                f"""SELECT term FROM {TERMS}
                    WHERE reverse(term) LIKE %s AND length(term) >= %s
                    ORDER BY length(term), term LIMIT %s""",
                [
                    lexeme[::-1].replace("%", r"\%").replace("_", r"\_") + "%",
                    len(lexeme) + 3,
                    EXPANSION_LIMITS["compound"],
                ],
            )
            found += [row[0] for row in cursor.fetchall()]
            cursor.execute(f"SELECT 1 FROM {TERMS} WHERE term = %s", [lexeme])
            if cursor.fetchone() is None and not lexeme.isdigit():
                distance = 1 if len(lexeme) < 7 else 2
                # Near the lexeme or the word itself: "Ladegst" stems to
                # "ladeg", three edits from "ladegast", the word only one.
                cursor.execute(
                    f"""SELECT term FROM {TERMS}
                        WHERE (term %% %s OR term %% %s) AND left(term, 1) = left(%s, 1)
                          AND least(levenshtein(term, %s), levenshtein(term, %s)) <= %s
                        ORDER BY least(levenshtein(term, %s), levenshtein(term, %s)), term
                        LIMIT %s""",
                    [
                        lexeme,
                        folded,
                        lexeme,
                        lexeme,
                        folded,
                        distance,
                        lexeme,
                        folded,
                        EXPANSION_LIMITS["fuzzy"],
                    ],
                )
                found += [row[0] for row in cursor.fetchall()]
        return found

    def search(self, query: SearchQuery) -> SearchResults:
        parsed = query.parsed
        with self.connection.cursor() as cursor:
            return self._search(cursor, query, parsed)

    def _search(self, cursor, query: SearchQuery, parsed) -> SearchResults:
        conditions: list[str] = []
        params: list = []
        rank_queries: list[str] = []  # tsquery texts for ranking
        matched_stems: set[str] = set()
        if query.public_only:
            conditions.append("public")
        date_from, date_to = query.date_from, query.date_to
        if parsed.century and date_from is None and date_to is None:
            date_from, date_to = parsed.century
        if date_from is not None or date_to is not None:
            conditions.append("(earliest IS NOT NULL OR latest IS NOT NULL)")
            if date_to is not None:
                conditions.append("coalesce(earliest, latest) <= %s")
                params.append(date_to)
            if date_from is not None:
                conditions.append("coalesce(latest, earliest) >= %s")
                params.append(date_from)
        plain_terms = [term for term in parsed.terms if not term.prefix]
        lexemes = self._lexemes(cursor, [term.word for term in plain_terms])
        clauses: list[str] = []
        clause_params: list = []
        for term, term_lexemes in zip(plain_terms, lexemes, strict=False):
            alternatives = list(term_lexemes)
            for lexeme in term_lexemes:
                alternatives += self._expansions(cursor, lexeme, term.folded)
            matched_stems.update(alternatives)
            german = " | ".join(_quote(a) for a in dict.fromkeys(alternatives))
            pieces = []
            if german:
                pieces.append("document @@ %s::tsquery")
                clause_params.append(german)
                rank_queries.append(german)
            pieces.append("english @@ plainto_tsquery('english', %s)")
            clause_params.append(term.word)
            clauses.append("(" + " OR ".join(pieces) + ")")
        for term in parsed.terms:
            if term.prefix and len(term.folded) >= 2:
                prefix_query = f"{_quote(term.folded)}:*"
                clauses.append(
                    f"(document @@ to_tsquery('{CONFIG}', %s) OR english @@ to_tsquery('english', %s))"
                )
                clause_params += [prefix_query, prefix_query]
                matched_stems.add(term.stem)
        for phrase in parsed.phrases:
            text = " ".join(term.folded for term in phrase)
            clauses.append(f"document @@ phraseto_tsquery('{CONFIG}', %s)")
            clause_params.append(text)
            matched_stems.update(term.stem for term in phrase)
        text_condition = ""
        if clauses:
            joiner = " AND " if query.match_all_terms else " OR "
            text_condition = "(" + joiner.join(clauses) + ")"
            if parsed.inventory_number:
                text_condition = f"({text_condition} OR inventory @> ARRAY[%s]::text[])"
                clause_params.append(parsed.inventory_number)
            conditions.append(text_condition)
            params += clause_params
        for term in parsed.excluded:
            conditions.append(
                f"NOT (document @@ plainto_tsquery('{CONFIG}', %s) OR english @@ plainto_tsquery('english', %s))"
            )
            params += [term.folded, term.word]
        if parsed.is_empty and not conditions:
            conditions.append("TRUE")
        # ts_rank reads every matching row's tsvector: only when ranking orders.
        ranked = query.sort == "relevance"
        rank_query = " | ".join(f"({q})" for q in rank_queries) if ranked else ""
        rank_sql = "0"
        rank_params: list = []
        if rank_query:
            rank_sql = f"ts_rank('{RANK_WEIGHTS}', document, %s::tsquery)"
            rank_params.append(rank_query)
        if ranked and parsed.inventory_number:
            rank_sql += (
                " + CASE WHEN inventory @> ARRAY[%s]::text[] THEN 1000000 ELSE 0 END"
            )
            rank_params.append(parsed.inventory_number)
        facet_conditions: dict[str, tuple[str, list]] = {}
        for facet in FACETS:
            wanted = query.filters.get(facet)
            if wanted:
                facet_conditions[facet] = (
                    f"f_{facet} && %s::integer[]",
                    [sorted(wanted)],
                )
        base_sql = (
            "SELECT object_id, earliest, latest, sort_title, "
            + ", ".join(f"f_{facet}" for facet in FACETS)
            + f", {rank_sql} AS rank FROM {TABLE} WHERE "
            + " AND ".join(conditions)
        )
        base_params = rank_params + params
        all_facet_sql = " AND ".join(
            ["TRUE", *(c for c, _ in facet_conditions.values())]
        )
        all_facet_params = [p for _, ps in facet_conditions.values() for p in ps]
        order = {
            "date": "coalesce(earliest, latest) ASC NULLS LAST, object_id",
            "-date": "coalesce(latest, earliest) DESC NULLS LAST, object_id",
            "title": "sort_title, object_id",
        }.get(query.sort)
        if order is None:
            order = (
                "rank DESC, object_id"
                if not parsed.is_empty
                else "sort_title, object_id"
            )
        # One statement: the matching rows are found (and ranked) once, then
        # the page, the total and every facet's counts are read from them.
        facet_selects, facet_params = [], []
        if query.with_facets:
            for facet in FACETS:
                others = [(c, p) for name, (c, p) in facet_conditions.items() if name != facet]
                where = " AND ".join(["TRUE", *(c for c, _ in others)])
                facet_selects.append(
                    f"""(SELECT coalesce(json_agg(json_build_array(value, n) ORDER BY n DESC, value), '[]')
                         FROM (SELECT value, count(*) AS n FROM base, unnest(f_{facet}) AS value
                               WHERE {where} GROUP BY value ORDER BY n DESC, value LIMIT %s) AS counted)"""
                )
                facet_params += [*(x for _, p in others for x in p), query.facet_limit]
        cursor.execute(
            f"""WITH base AS MATERIALIZED ({base_sql}),
                     filtered AS (SELECT * FROM base WHERE {all_facet_sql})
                SELECT (SELECT count(*) FROM filtered),
                       (SELECT coalesce(json_agg(json_build_array(object_id, rank) ORDER BY position), '[]')
                        FROM (SELECT object_id, rank, row_number() OVER (ORDER BY {order}) AS position
                              FROM filtered ORDER BY {order} LIMIT %s OFFSET %s) AS page)
                       {"".join(", " + select for select in facet_selects)}""",
            base_params + all_facet_params + [query.limit, query.offset] + facet_params,
        )
        row = cursor.fetchone()
        total, page = row[0], row[1]
        rows = [(pk, rank, None) for pk, rank in page]
        facets: dict[str, list[tuple[int, int]]] = {}
        for facet, counted in zip(FACETS, row[2:], strict=False):
            facets[facet] = [(int(value), int(count)) for value, count in counted]
        hits = [SearchHit(int(pk), float(rank)) for pk, rank, _ in rows]
        return SearchResults(
            total=total, hits=hits, facets=facets, matched_stems=matched_stems
        )

    def complete(
        self, prefix: str, *, limit: int = 8, public_only: bool = True
    ) -> list[Completion]:
        typed = [analysis.fold(word) for word in analysis.words(prefix)]
        if not typed:
            return []
        tsquery = " & ".join(f"{_quote(word)}:*" for word in typed)
        condition = "public AND " if public_only else ""
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"""SELECT object_id, display_title FROM {TABLE}
                    WHERE {condition} completion @@ to_tsquery('simple', %s)
                    ORDER BY (sort_title LIKE %s) DESC, length(display_title), sort_title, object_id
                    LIMIT %s""",
                [tsquery, typed[0].replace("%", "") + "%", limit],
            )
            return [Completion(int(pk), title) for pk, title in cursor.fetchall()]

    def spelling_suggestions(self, words: Iterable[str]) -> dict[str, str]:
        suggestions = {}
        words = [w for w in words if len(analysis.fold(w)) >= 4]
        with self.connection.cursor() as cursor:
            for word, lexemes in zip(words, self._lexemes(cursor, words), strict=False):
                if not lexemes:
                    continue
                cursor.execute(f"SELECT 1 FROM {TERMS} WHERE term = %s", [lexemes[0]])
                if cursor.fetchone() is not None:
                    continue
                folded = analysis.fold(word)
                distance = 1 if len(folded) < 7 else 2
                cursor.execute(
                    f"""SELECT word FROM {SPELLING}
                        WHERE folded %% %s AND levenshtein(folded, %s) <= %s
                        ORDER BY levenshtein(folded, %s), folded LIMIT 1""",
                    [folded, folded, distance, folded],
                )
                row = cursor.fetchone()
                if row:
                    suggestions[word] = row[0]
        return suggestions
