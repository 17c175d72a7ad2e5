from django.urls import path

from mangxanh.review import api, views

app_name = "review"
urlpatterns = [
    # Public: is this page really a school's?
    path("kenh-chinh-thuc/", views.public_check, name="public_check"),
    # Drafts and their review
    path("bai-viet/", views.draft_list, name="draft_list"),
    path("bai-viet/moi/", views.draft_create, name="draft_create"),
    path("bai-viet/cho-duyet/", views.queue, name="queue"),
    path("bai-viet/<int:pk>/", views.draft_detail, name="draft_detail"),
    path("bai-viet/<int:pk>/sua/", views.draft_edit, name="draft_edit"),
    path("bai-viet/<int:pk>/ket-qua-quet/", views.draft_findings, name="draft_findings"),
    path("bai-viet/<int:pk>/sua-nhanh/", views.draft_fix, name="draft_fix"),
    path("bai-viet/<int:pk>/gui-duyet/", views.draft_submit, name="draft_submit"),
    path("bai-viet/<int:pk>/tai-len/", views.draft_upload, name="draft_upload"),
    path("bai-viet/<int:pk>/tep/<int:attachment_pk>/", views.draft_attachment, name="draft_attachment"),
    path("bai-viet/<int:pk>/so-sanh/", views.draft_diff, name="draft_diff"),
    path("bai-viet/<int:pk>/san-sang-dang/", views.draft_ready, name="draft_ready"),
    path("bai-viet/<int:pk>/da-dang/", views.draft_publish, name="draft_publish"),
    path("bai-viet/<int:pk>/nhan-duyet/", views.draft_claim, name="draft_claim"),
    path("bai-viet/<int:pk>/tra-quyen-duyet/", views.draft_release, name="draft_release"),
    path("bai-viet/<int:pk>/quyet-dinh/", views.draft_decide, name="draft_decide"),
    # Official channel registry
    path("kenh/", views.channel_list, name="channel_list"),
    path("kenh/moi/", views.channel_create, name="channel_create"),
    path("kenh/<int:pk>/", views.channel_detail, name="channel_detail"),
    path("kenh/<int:pk>/sua/", views.channel_edit, name="channel_edit"),
    path("kenh/<int:pk>/nguon/", views.channel_source_add, name="channel_source_add"),
    path("kenh/<int:pk>/nhap-tep/", views.channel_import, name="channel_import"),
    # Monitoring after publication
    path("kenh/theo-doi/", views.task_list, name="task_list"),
    path("kenh/theo-doi/<int:pk>/", views.task_detail, name="task_detail"),
    path("kenh/quet-lai/", views.rescan_start, name="rescan_start"),
    path("kenh/quet-lai/<int:pk>/", views.rescan_status, name="rescan_status"),
    path("thong-bao/", views.notifications, name="notifications"),
    path("bai-viet/so-lieu/", views.stats, name="stats"),
    # JSON for staff tools (session log-in)
    path("bai-viet/api/", api.draft_list, name="api_draft_list"),
    path("bai-viet/api/<int:pk>/", api.draft_detail, name="api_draft_detail"),
    path("bai-viet/api/<int:pk>/nhan-duyet/", api.draft_claim, name="api_draft_claim"),
    path("bai-viet/api/<int:pk>/quyet-dinh/", api.draft_decide, name="api_draft_decide"),
]
