"""The German catalogue is complete and its compiled .mo matches the .po."""

import ast
import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "kulturschatz" / "locale" / "de" / "LC_MESSAGES"
ENTRY = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) (".*")$')


def read_po(path: Path) -> list[dict[str, str]]:
    """Entries of a .po file as {keyword: text}; obsolete entries are skipped."""
    entries: list[dict[str, str]] = []
    current: dict[str, str] = {}
    key = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            current.setdefault("flags", line)
        elif match := ENTRY.match(line):
            key, text = match.group(1), ast.literal_eval(match.group(2))
            if key in ("msgctxt", "msgid") and "msgid" in current:
                entries.append(current)
                current = {}
            current[key] = text
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
    if current:
        entries.append(current)
    return entries


def test_every_german_message_is_translated():
    entries = [e for e in read_po(LOCALE / "django.po") if e.get("msgid")]
    assert len(entries) > 200
    untranslated = [
        e["msgid"] for e in entries
        if not all(v for k, v in e.items() if k.startswith("msgstr")) or "fuzzy" in e.get("flags", "")
    ]
    assert untranslated == []


def test_compiled_catalogue_matches_the_source():
    with (LOCALE / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in read_po(LOCALE / "django.po"):
        if entry.get("msgid") and "msgid_plural" not in entry:
            if "msgctxt" in entry:
                found = compiled.pgettext(entry["msgctxt"], entry["msgid"])
            else:
                found = compiled.gettext(entry["msgid"])
            assert found == entry["msgstr"], entry["msgid"]
