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

from core import bigrams as core_bigrams
from core.bigrams import QUERY_PIECES, query_bigrams, word_bigrams  # shared with the outgoing lists

from . import sender_numbers

__all__ = ["QUERY_PIECES", "bigrams", "query_bigrams", "sender_key", "word_bigrams"]


def bigrams(title: str, number: str = "") -> str:
    """What ``search_bigrams`` stores: the distinct pieces of the title and of the number's key, sorted,
    separated by one space."""
    return core_bigrams.bigrams(title, sender_key(number))


def sender_key(number: str) -> str:
    """What ``sender_key`` stores, and what a typed number is compared with: “杂住建[2026]52号” and
    “杂住建〔2026〕52号” give the same key."""
    return sender_numbers.normalise(number or "").upper()
