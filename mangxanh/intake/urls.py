from django.urls import path, re_path

from mangxanh.intake import views_cases as cases
from mangxanh.intake import views_public as public
from mangxanh.intake.api import api, api_not_found
from mangxanh.intake.api_docs import api_docs

app_name = "intake"
urlpatterns = [
    # public, no log-in
    path("phan-anh/", public.report_form, name="report_form"),
    path("phan-anh/da-gui/", public.report_done, name="report_done"),
    path("phan-anh/da-gui/bien-nhan.txt", public.report_receipt, name="report_receipt"),
    path("phan-anh/tra-cuu/", public.report_status, name="report_status"),
    path("phan-anh/don-vi/", public.unit_search, name="unit_search"),
    # case officers
    path("vu-viec/", cases.case_board, name="case_board"),
    path("vu-viec/danh-sach/", cases.case_list, name="case_list"),
    path("vu-viec/so-lieu/", cases.stats, name="stats"),
    path("vu-viec/<int:pk>/", cases.case_detail, name="case_detail"),
    path("vu-viec/<int:pk>/trang-thai/", cases.case_state, name="case_state"),
    path("vu-viec/<int:pk>/mo-lai/", cases.case_reopen, name="case_reopen"),
    path("vu-viec/<int:pk>/giao/", cases.case_assign, name="case_assign"),
    path("vu-viec/<int:pk>/ghi-chu/", cases.case_note, name="case_note"),
    path("vu-viec/<int:pk>/nhan-tin/", cases.case_message, name="case_message"),
    path("vu-viec/<int:pk>/viec/", cases.case_task, name="case_task"),
    path("vu-viec/<int:pk>/lien-ket/", cases.case_link, name="case_link"),
    path("vu-viec/<int:pk>/chung-cu/", cases.evidence_upload, name="evidence_upload"),
    path("vu-viec/<int:pk>/chung-cu/<int:evidence_pk>/", cases.evidence_view, name="evidence_view"),
    path("vu-viec/<int:pk>/chung-cu/<int:evidence_pk>/anh-mo/", cases.evidence_thumb, name="evidence_thumb"),
    path("vu-viec/<int:pk>/goi-chung-cu/", cases.package_create, name="package_create"),
    path("vu-viec/<int:pk>/goi-chung-cu/<int:package_pk>/", cases.package_download, name="package_download"),
    path("vu-viec/<int:pk>/chuyen-giao/", cases.referral_create, name="referral_create"),
    path("vu-viec/<int:pk>/go-bo/", cases.takedown_create, name="takedown_create"),
    path("vu-viec/<int:pk>/go-bo/<int:takedown_pk>/", cases.takedown_update, name="takedown_update"),
    path("vu-viec/<int:pk>/nan-nhan/", cases.victim_support, name="victim_support"),
    path("doi-tac/webhook/", cases.webhook_log, name="webhook_log"),
    # partner API (its own namespace "intake_api"); anything else under /api/v1/ answers JSON
    path("api/v1/docs", api_docs, name="api_docs"),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/(?P<rest>.*)$", api_not_found, name="api_not_found"),
]
