from django.urls import path

from mangxanh.review import (
    api,
    views_channels,
    views_drafts,
    views_monitoring,
    views_public,
    views_queue,
    views_stats,
)

app_name = "review"
urlpatterns = [
    # Public: is this page really a school's?
    path("kenh-chinh-thuc/", views_public.public_check, name="public_check"),
    # Drafts and their review
    path("bai-viet/", views_drafts.draft_list, name="draft_list"),
    path("bai-viet/moi/", views_drafts.draft_create, name="draft_create"),
    path("bai-viet/cho-duyet/", views_queue.queue, name="queue"),
    path("bai-viet/<int:pk>/", views_drafts.draft_detail, name="draft_detail"),
    path("bai-viet/<int:pk>/sua/", views_drafts.draft_edit, name="draft_edit"),
    path("bai-viet/<int:pk>/ket-qua-quet/", views_drafts.draft_findings, name="draft_findings"),
    path("bai-viet/<int:pk>/sua-nhanh/", views_drafts.draft_fix, name="draft_fix"),
    path("bai-viet/<int:pk>/gui-duyet/", views_drafts.draft_submit, name="draft_submit"),
    path("bai-viet/<int:pk>/tai-len/", views_drafts.draft_upload, name="draft_upload"),
    path("bai-viet/<int:pk>/tep/<int:attachment_pk>/", views_drafts.draft_attachment, name="draft_attachment"),
    path("bai-viet/<int:pk>/tep/<int:attachment_pk>/anh-nho/", views_drafts.draft_attachment_thumb,
         name="draft_attachment_thumb"),
    path("bai-viet/<int:pk>/so-sanh/", views_drafts.draft_diff, name="draft_diff"),
    path("bai-viet/<int:pk>/san-sang-dang/", views_drafts.draft_ready, name="draft_ready"),
    path("bai-viet/<int:pk>/da-dang/", views_drafts.draft_publish, name="draft_publish"),
    path("bai-viet/<int:pk>/nhan-duyet/", views_queue.draft_claim, name="draft_claim"),
    path("bai-viet/<int:pk>/tra-quyen-duyet/", views_queue.draft_release, name="draft_release"),
    path("bai-viet/<int:pk>/quyet-dinh/", views_queue.draft_decide, name="draft_decide"),
    # Official channel registry
    path("kenh/", views_channels.channel_list, name="channel_list"),
    path("kenh/moi/", views_channels.channel_create, name="channel_create"),
    path("kenh/<int:pk>/", views_channels.channel_detail, name="channel_detail"),
    path("kenh/<int:pk>/sua/", views_channels.channel_edit, name="channel_edit"),
    path("kenh/<int:pk>/nguon/", views_channels.channel_source_add, name="channel_source_add"),
    path("kenh/<int:pk>/nhap-tep/", views_channels.channel_import, name="channel_import"),
    # Monitoring after publication
    path("kenh/theo-doi/", views_monitoring.task_list, name="task_list"),
    path("kenh/theo-doi/<int:pk>/", views_monitoring.task_detail, name="task_detail"),
    path("kenh/quet-lai/", views_monitoring.rescan_start, name="rescan_start"),
    path("kenh/quet-lai/<int:pk>/", views_monitoring.rescan_status, name="rescan_status"),
    path("thong-bao/", views_monitoring.notifications, name="notifications"),
    path("bai-viet/so-lieu/", views_stats.stats, name="stats"),
    # JSON for staff tools (session log-in)
    path("bai-viet/api/", api.draft_list, name="api_draft_list"),
    path("bai-viet/api/<int:pk>/", api.draft_detail, name="api_draft_detail"),
    path("bai-viet/api/<int:pk>/nhan-duyet/", api.draft_claim, name="api_draft_claim"),
    path("bai-viet/api/<int:pk>/quyet-dinh/", api.draft_decide, name="api_draft_decide"),
]
