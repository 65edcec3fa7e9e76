"""The document page costs at most 12 queries (issue 13: it was 22), however many readers signed and wrote a
批示 [26(6)5], were chased [26(4)] or are still to read [26(6)2]: no query per reader, opinion or name."""

from __future__ import annotations

from documents.incoming import services
from tests.incoming.factories import act, distribute, read, register

CEILING = 12


def _circulating(office, readers: list[str], signed: int, number: str):
    doc = register(office, sender_number=number)
    specs = [act(office, readers[0])] + [read(office, r) for r in readers[1:]]
    distribute(office, doc, readers=specs)
    for reader in readers[:signed]:
        services.incoming_sign(actor=office[reader], pk=doc.pk, comment=f"{reader}批示：请认真研究落实")
    return doc


def _queries(client, doc, count_queries) -> list[str]:
    client.get(f"/incoming/{doc.pk}/")  # the badges' counts are cached from here on (core/workqueue.py)
    with count_queries() as page:
        assert client.get(f"/incoming/{doc.pk}/").status_code == 200
    return [q["sql"] for q in page.captured_queries]


def test_the_document_page_is_flat_in_readers_and_opinions(client_as, office, count_queries, real_cache):
    few = _circulating(office, ["xianzhang", "changwu"], signed=1, number="测试〔2026〕11号")
    many = _circulating(
        office, ["xianzhang", "changwu", "fuxianzhang1", "fuxianzhang2", "zhuren"], signed=4, number="测试〔2026〕12号"
    )
    for i in range(3):
        services.incoming_chase(
            actor=office["shoufa"], pk=many.pk, target="李明华", method="电话", note=f"第{i + 1}次催办"
        )
    client = client_as("shoufa")
    small, large = _queries(client, few, count_queries), _queries(client, many, count_queries)
    assert len(large) == len(small), "\n".join(large)
    assert len(large) <= CEILING, "\n".join(large)


def test_the_page_still_names_every_reader_and_their_instruction(client_as, office, real_cache):
    doc = _circulating(office, ["xianzhang", "changwu", "fuxianzhang1"], signed=2, number="测试〔2026〕13号")
    html = client_as("shoufa").get(f"/incoming/{doc.pk}/").content.decode()
    for reader in ("xianzhang", "changwu"):
        assert f"{reader}批示：请认真研究落实" in html
        assert office[reader].profile.full_name in html
    assert office["fuxianzhang1"].profile.full_name in html
    assert office["fuzhuren_wenmi"].profile.full_name in html  # the deputy's opinion, signed with their name
