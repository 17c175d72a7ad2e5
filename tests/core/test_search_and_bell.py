"""The header bell and the global search (issue 12 item 18): accent-insensitive, and never
a hit from a unit the person may not see."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.urls import reverse

from mangxanh.intake.models import Case
from mangxanh.plans import services as plan_services
from mangxanh.review.drafts import save_version
from mangxanh.review.models import Draft, Notification


def user(username: str):
    return get_user_model().objects.get(username=username)


def draft(unit, author, title: str) -> Draft:
    post = Draft(unit=unit, author=author)
    save_version(post, author, title, "Nội dung bài viết.")
    return post


def results(client, q: str) -> str:
    response = client.get(reverse("core:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


def test_search_ignores_accents_and_stays_in_scope(demo, user_client):
    own = draft(demo["THCS-BENTHUY"], user("thcs.bientap"), "Tuần lễ An toàn mạng ở Bến Thủy")
    other = draft(demo["THCS-HONGSON"], user("hongson.bientap"), "Bến Thủy và Hồng Sơn: bài nội bộ Hồng Sơn")
    own_case = Case.objects.create(unit=demo["THCS-BENTHUY"], title="Lừa đảo trúng thưởng ở Bến Thủy")
    other_case = Case.objects.create(unit=demo["THCS-HONGSON"], title="Lừa đảo trúng thưởng Hồng Sơn")
    plan_services.create_from_template("nam-dinh-2024", demo["THCS-HONGSON"], user("xa.hongson"))
    own_plan = plan_services.create_from_template("gia-lam-2021", demo["THCS-BENTHUY"], user("thcs.hieutruong"))

    principal = user_client("thcs.hieutruong")  # leader and reviewer of THCS Bến Thủy
    for query in ("ben thuy", "BẾN THUỶ", "Bến Thủy"):
        page = results(principal, query)
        assert reverse("review:draft_detail", args=[own.pk]) in page, query
        assert reverse("review:draft_detail", args=[other.pk]) not in page, query
    page = results(principal, "lua dao trung thuong")
    assert reverse("intake:case_detail", args=[own_case.pk]) in page
    assert reverse("intake:case_detail", args=[other_case.pk]) not in page and "Hồng Sơn" not in page
    page = results(principal, "van hoa ung xu")
    assert reverse("plans:document_detail", args=[own_plan.pk]) in page
    page = results(principal, "nam chac quan chat")
    assert "Nắm chắc" not in page  # Hồng Sơn's plan is not theirs to see

    # People: a unit administrator finds their own people only.
    admin = user_client("thcs.quantri")
    page = results(admin, "huong")
    assert "Ngô Thanh Hương" in page
    page = results(admin, "chau")
    assert "Tạ Minh Châu" not in page
    # An editor sees no case section at all, and a teacher no post section.
    assert "Vụ việc" not in results(user_client("thcs.bientap"), "ben thuy")
    assert "Bài viết" not in results(user_client("thcs.giaovien"), "ben thuy")


def test_search_refuses_nothing_odd(demo, user_client):
    client = user_client("thcs.hieutruong")
    assert "Tìm kiếm" in results(client, "")
    assert "Không tìm thấy kết quả" in results(client, "zzzz khong co")
    assert client.get(reverse("core:search"), {"q": "%" * 5000}).status_code == 200
    anonymous = client.__class__().get(reverse("core:search"), {"q": "ben thuy"})
    assert anonymous.status_code == 302


def test_bell_shows_the_unread_count_and_clears_when_read(demo, user_client):
    principal = user("thcs.hieutruong")
    for i in range(3):
        Notification.objects.create(user=principal, kind="plan_received", text=f"Văn bản {i}", url="/ke-hoach/")
    Notification.objects.create(user=user("hongson.duyet"), kind="plan_received", text="Khác", url="/")
    client = user_client("thcs.hieutruong")
    home = client.get(reverse("core:home")).content.decode()
    bell = home.split('id="notification-bell"', 1)[1].split("</a>", 1)[0]
    assert "3 chưa đọc" in bell and '<span class="badge" aria-hidden="true">3</span>' in bell
    client.get(reverse("review:notifications"))
    bell = client.get(reverse("plans:document_list")).content.decode().split('id="notification-bell"', 1)[1]
    assert "không có thông báo mới" in bell.split("</a>", 1)[0]
