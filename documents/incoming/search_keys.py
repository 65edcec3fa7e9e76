"""What the registry's search looks up by index instead of scanning (issue 13).

- ``bigrams(title, number)``: the two-character pieces of the title and of the 来文字号's key. Most Chinese
  words are two characters and pg_trgm extracts no trigram from a two-character pattern, so a search for 草原
  scanned every row. The model keeps the pieces in ``search_bigrams`` (space-separated) under a GIN index on
  ``string_to_array(search_bigrams, ' ')``; a search word of two or more characters asks for rows holding all
  of its pieces and re-checks the title (or the number) with ``icontains``, so the index only narrows and
  never decides what is found.
- ``sender_key(number)``: the 来文字号 in one spelling (``sender_numbers.normalise``: brackets as 〔〕, no
  spaces, half-width) and upper case, under a B-tree index: searched exactly or by its beginning.

Both are computed the same way when a row is written (``IncomingDocument.save``, the queryset's bulk paths)
and when a search is typed. Letters are compared upper-cased, as ``icontains`` compares them.
"""

from __future__ import annotations

from . import sender_numbers


def _fold(char: str) -> str:
    upper = char.upper()
    return upper if len(upper) == 1 else char


def word_bigrams(word: str) -> list[str]:
    """The distinct two-character pieces of one search word (no spaces in it), in order."""
    folded = "".join(_fold(c) for c in word)
    seen: dict[str, None] = {}
    for i in range(len(folded) - 1):
        pair = folded[i : i + 2]
        if not pair.isspace() and not any(c.isspace() for c in pair):
            seen.setdefault(pair, None)
    return list(seen)


def bigrams(title: str, number: str = "") -> str:
    """What ``search_bigrams`` stores: the distinct pieces of the title and of the number's key, sorted,
    separated by one space."""
    pieces = set(word_bigrams(title or "")) | set(word_bigrams(sender_key(number)))
    return " ".join(sorted(pieces))


def sender_key(number: str) -> str:
    """What ``sender_key`` stores, and what a typed number is compared with: “杂住建[2026]52号” and
    “杂住建〔2026〕52号” give the same key."""
    return sender_numbers.normalise(number or "").upper()


# A GIN search reads every posting list it names: “20”, “01”, “〔2” each hold most of a million rows, so a
# number's eleven pieces cost more than its three rarest-looking ones (at 1M: 112 ms against a few). Fewer
# pieces only let more rows through to the ``icontains`` re-check; they never lose one.
QUERY_PIECES = 3


def _commonness(piece: str) -> int:
    """Digits, brackets and punctuation are in most numbers and titles; Chinese characters and letters are not."""
    return sum(1 for c in piece if not c.isalpha())


def query_bigrams(word: str) -> list[str]:
    """The pieces a search word asks the index for: at most QUERY_PIECES, the rarest-looking first."""
    pieces = word_bigrams(word)
    return sorted(pieces, key=_commonness)[:QUERY_PIECES]
