"""The version diff wraps by word and fits the page; attachments show server-made thumbnails."""

from __future__ import annotations

import io
import re

from django.urls import reverse
from PIL import Image

from mangxanh.review import drafts as flow
from mangxanh.review.models import DraftAttachment
from tests.files.images import jpeg_with_gps
from tests.review.conftest import make_draft
from tests.review.test_uploads import _upload

WORDS = ("Nhà trường tổ chức buổi ngoại khóa về an toàn trên không gian mạng cho học sinh khối tám "
         "với sự tham gia của công an phường và hội cha mẹ học sinh vào chiều thứ Sáu tuần này")


def _visible_text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.replace("&nbsp;", " ")))


def test_diff_keeps_words_whole_and_marks_changed_words(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"], title="Ngoại khóa", body=f"<p>{WORDS}</p>", scan=False)
    flow.save_version(draft, draft.author, "Ngoại khóa", f"<p>{WORDS.replace('chiều thứ Sáu', 'sáng thứ Bảy')}</p>")
    response = user_client("thcs.bientap").get(reverse("review:draft_diff", kwargs={"pk": draft.pk}))
    html = response.content.decode()
    assert response.status_code == 200
    # No column cut through the middle of a word, no forced single-line cells.
    assert WORDS in _visible_text(html)
    assert "nowrap" not in html and "&nbsp;" not in html
    table = html[html.index('<table class="diff'):html.index("</table>")]
    assert re.search(r'<del[^>]*>\s*chiều\s*</del>', table) and re.search(r'<ins[^>]*>\s*sáng\s*</ins>', table)
    assert not re.search(r"<ins[^>]*>[^<]*Nhà trường", table)


def test_bad_version_numbers_fall_back_to_the_last_two(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"], title="Ngoại khóa", body="<p>Một</p>", scan=False)
    flow.save_version(draft, draft.author, "Ngoại khóa", "<p>Hai</p>")
    url = reverse("review:draft_diff", kwargs={"pk": draft.pk})
    for query in ("?a=x&b=2", "?a=9&b=1", "?a=-1"):
        response = user_client("thcs.bientap").get(url + query)
        assert response.status_code == 200 and response.context["a"] == 1 and response.context["b"] == 2


def test_attachments_show_a_small_thumbnail_without_metadata(demo, user_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    draft = make_draft(demo["THCS-BENTHUY"], scan=False)
    big = Image.new("RGB", (1200, 800), (20, 120, 200))
    exif = Image.Exif()
    exif[0x013B] = "Nguyen Van A"
    raw = io.BytesIO()
    big.save(raw, format="JPEG", exif=exif)
    client = user_client("thcs.bientap")
    page = _upload(client, draft, "lop8a.jpg", raw.getvalue(), "image/jpeg").content.decode()
    attachment = DraftAttachment.objects.get()
    thumb_url = reverse("review:draft_attachment_thumb", kwargs={"pk": draft.pk, "attachment_pk": attachment.pk})
    assert f'src="{thumb_url}"' in page
    response = client.get(thumb_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    thumb = Image.open(io.BytesIO(response.content))
    assert max(thumb.size) <= 320 and not thumb.getexif()
    assert b"Nguyen Van A" not in response.content
    # A reviewer of another school gets 404, like for the attachment itself.
    assert user_client("hongson.duyet").get(thumb_url).status_code == 404


def test_a_document_has_no_thumbnail(demo, user_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    draft = make_draft(demo["THCS-BENTHUY"], scan=False)
    client = user_client("thcs.bientap")
    _upload(client, draft, "anh.jpg", jpeg_with_gps(), "image/jpeg")
    _upload(client, draft, "ke-hoach.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    pdf = DraftAttachment.objects.get(is_image=False)
    url = reverse("review:draft_attachment_thumb", kwargs={"pk": draft.pk, "attachment_pk": pdf.pk})
    assert client.get(url).status_code == 404

