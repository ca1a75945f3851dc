"""Snippets with the matched words marked, for result lists (both backends)."""

from __future__ import annotations

from html import escape
from itertools import islice

from django.utils.safestring import SafeString, mark_safe

from . import analysis

WINDOW = 32  # words


def highlight(text: str, stems: set[str], *, window: int = WINDOW) -> SafeString:
    """The passage of ``window`` words with the most matches, matches in <mark>."""
    words = analysis.WORD_RE.findall(text)
    if not words:
        return mark_safe("")
    # map() over the cached stemmer stays in C for words seen before.
    hits = [i for i, stem in enumerate(map(analysis.stem_de, words)) if stem in stems]
    start = 0
    if hits:
        # The window starting at a hit that holds the most hits (two pointers).
        best, best_count, last = hits[0], 0, 0
        for first, hit in enumerate(hits):
            while last < len(hits) and hits[last] < hit + window:
                last += 1
            if last - first > best_count:
                best, best_count = hit, last - first
        start = max(0, best - 4)
    end = min(len(words), start + window)
    tokens = list(islice(analysis.WORD_RE.finditer(text), start, end))
    hit_set = set(hits)
    parts = ["… " if start > 0 else ""]
    position = tokens[0].start()
    for i, token in enumerate(tokens, start):
        parts.append(escape(text[position : token.start()], quote=False))
        word = escape(token.group(), quote=False)
        parts.append(f"<mark>{word}</mark>" if i in hit_set else word)
        position = token.end()
    if end < len(words):
        parts.append(" …")
    return mark_safe("".join(parts))
