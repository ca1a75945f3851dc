"""Snippets with the matched words marked, for result lists (both backends)."""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

from . import analysis

WINDOW = 32  # words


def highlight(text: str, stems: set[str], *, window: int = WINDOW) -> SafeString:
    """The passage of ``window`` words with the most matches, matches in <mark>."""
    tokens = list(analysis.WORD_RE.finditer(text))
    if not tokens:
        return mark_safe("")
    hits = [
        i for i, token in enumerate(tokens) if analysis.stem_de(token.group()) in stems
    ]
    start = 0
    if hits:
        best = max(
            hits, key=lambda h: sum(1 for other in hits if h <= other < h + window)
        )
        start = max(0, best - 4)
    end = min(len(tokens), start + window)
    begin_char = tokens[start].start()
    end_char = tokens[end - 1].end()
    hit_set = set(hits)
    parts = ["… " if start > 0 else ""]
    position = begin_char
    for i in range(start, end):
        token = tokens[i]
        parts.append(escape(text[position : token.start()], quote=False))
        word = escape(token.group(), quote=False)
        parts.append(f"<mark>{word}</mark>" if i in hit_set else word)
        position = token.end()
    parts.append(escape(text[position:end_char], quote=False))
    if end < len(tokens):
        parts.append(" …")
    return mark_safe("".join(parts))
