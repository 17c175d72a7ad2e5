"""What officers read on the case board, the case list and the case page: whole words, no repeats."""

from __future__ import annotations

import html
import re

from mangxanh.core.templatetags.words import truncate_on_word
from mangxanh.intake.models import Case
from mangxanh.scanning.models import Scan, StoredFinding
from tests.intake.conftest import submit

LONG = ("Có người lạ nhắn tin liên tục cho con tôi (12 tuổi), khuyên con nạp game bằng thẻ của bố mẹ "
        "và hứa tặng quà nếu con gửi ảnh riêng tư, cháu rất sợ hãi")


def ends_on_word(shown: str) -> bool:
    """The shown text is the start of LONG and what follows it in LONG is a space or punctuation."""
    return LONG.startswith(shown) and LONG[len(shown)] in " ,.;:"


def test_truncate_on_word_never_cuts_a_word():
    for limit in range(5, len(LONG) + 5):
        cut = truncate_on_word(LONG, limit)
        assert len(cut) <= limit or cut == LONG
        if cut != LONG:
            assert cut.endswith("…")
            assert ends_on_word(cut[:-1]), (limit, cut)
    assert truncate_on_word("ngắn", 80) == "ngắn"
    assert truncate_on_word(None, 10) == ""
    assert truncate_on_word("Mộtchữrấtdàikhôngcókhoảngtrắng", 10) == "Mộtchữrất…"  # no space: cut anyway


def _titles(page: str, case: Case) -> list[str]:
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page))
    return [line.strip() for line in text.splitlines() if line.strip().startswith(case.title[:20])]


def test_board_and_list_cut_long_titles_on_whole_words(user_client, demo):
    case = submit(categories=["harassment"], unit=demo["THCS-BENTHUY"], description=LONG).report.case
    case.title = LONG
    case.save(update_fields=["title"])
    client = user_client("thcs.xuly")
    for url in ("/vu-viec/", "/vu-viec/danh-sach/"):
        shown = _titles(client.get(url).content.decode(), case)
        assert shown, url
        for title in shown:
            assert title.endswith("…"), (url, title)
            assert ends_on_word(title[:-1]), (url, title)


def test_scanner_summary_names_each_reason_once(user_client, demo):
    report = submit(categories=["harassment"], unit=demo["THCS-BENTHUY"],
                    description="Bạn ấy nói muốn chết, đã chuẩn bị dây.").report
    scan = Scan.objects.create(item=report, unit=report.case.unit, status="done", verdict="block",
                               text_sha256=Scan.digest(report.description))
    for start, explanation in ((0, "Dấu hiệu ý định tự tử hoặc tự gây hại"),
                               (5, "Ý định tự tử kèm phương thức"),
                               (9, "Dấu hiệu ý định tự tử hoặc tự gây hại")):
        StoredFinding.objects.create(scan=scan, category="self_harm", severity="high", rule="r",
                                     start=start, end=start + 3, evidence="x", explanation=explanation)
    assert scan.finding_labels() == ["Dấu hiệu ý định tự tử hoặc tự gây hại", "Ý định tự tử kèm phương thức"]
    page = user_client("thcs.xuly").get(f"/vu-viec/{report.case.pk}/").content.decode()
    line = next(line for line in page.splitlines() if "Máy quét:" in line)
    assert line.count("Dấu hiệu ý định tự tử hoặc tự gây hại") == 1
    assert line.index("Dấu hiệu ý định tự tử") < line.index("Ý định tự tử kèm phương thức")
