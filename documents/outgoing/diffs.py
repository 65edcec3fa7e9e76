"""Compare two versions of a draft [30(2)]: paragraphs aligned, changed characters marked in place.

Chinese has no spaces between words, so a line-by-line diff would mark whole paragraphs; inside a changed
paragraph the characters that differ are marked instead, which reads on a phone too.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class DiffLine:
    kind: str  # same / added / removed / changed
    html: SafeString


def _chars(old: str, new: str) -> SafeString:
    parts = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(old[a1:a2]))
            continue
        if a2 > a1:
            parts.append(f"<del>{escape(old[a1:a2])}</del>")
        if b2 > b1:
            parts.append(f"<ins>{escape(new[b1:b2])}</ins>")
    return mark_safe("".join(parts))


def compare(old: str, new: str) -> list[DiffLine]:
    old_lines, new_lines = old.splitlines(), new.splitlines()
    lines: list[DiffLine] = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        if op == "equal":
            lines += [DiffLine("same", escape(line)) for line in old_lines[a1:a2]]
        elif op == "delete":
            lines += [DiffLine("removed", mark_safe(f"<del>{escape(line)}</del>")) for line in old_lines[a1:a2]]
        elif op == "insert":
            lines += [DiffLine("added", mark_safe(f"<ins>{escape(line)}</ins>")) for line in new_lines[b1:b2]]
        else:
            olds, news = old_lines[a1:a2], new_lines[b1:b2]
            for i in range(max(len(olds), len(news))):
                lines.append(
                    DiffLine("changed", _chars(olds[i] if i < len(olds) else "", news[i] if i < len(news) else ""))
                )
    return lines
