"""Reading a PDF's XMP metadata packet in Python, to check what PDF/A part and conformance it declares [33].

No poppler needed: the packet is the ``/Type /Metadata /Subtype /XML`` stream, Flate-compressed or not.
(``pdfinfo -meta`` prints the same packet; tests that use it are marked ``requires.poppler``.)
"""

from __future__ import annotations

import re
import zlib
from xml.etree import ElementTree

PDFAID = "http://www.aiim.org/pdfa/ns/id/"
METADATA = re.compile(rb"<<(?P<dict>[^>]*/Type\s*/Metadata[^>]*)>>\s*stream\r?\n", re.S)


def xmp_packet(pdf: bytes) -> str:
    """The XMP packet of the document catalog's metadata stream."""
    match = METADATA.search(pdf)
    assert match, "the PDF has no XMP metadata stream"
    length = int(re.search(rb"/Length\s+(\d+)", match["dict"])[1])
    data = pdf[match.end() : match.end() + length]
    if b"/FlateDecode" in match["dict"]:
        data = zlib.decompress(data)
    return data.decode("utf-8")


def pdfa_identification(pdf: bytes) -> tuple[str, str]:
    """``(part, conformance)`` from the packet's ``pdfaid`` properties, e.g. ``("2", "B")`` for PDF/A-2b."""
    packet = xmp_packet(pdf)
    rdf = ElementTree.fromstring(packet[packet.index("<x:xmpmeta") : packet.index("</x:xmpmeta>") + 12])
    found = {}
    for description in rdf.iter("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}Description"):
        for name in ("part", "conformance"):
            value = description.get(f"{{{PDFAID}}}{name}") or description.findtext(f"{{{PDFAID}}}{name}")
            if value:
                found[name] = value
    return found.get("part", ""), found.get("conformance", "")
