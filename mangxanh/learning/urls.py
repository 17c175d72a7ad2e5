from django.urls import path

from mangxanh.learning import views, views_bulletins, views_essays

app_name = "learning"

urlpatterns = [
    # library
    path("hoc-tap/", views.library, name="library"),
    path("hoc-tap/bai-hoc/tao/", views.lesson_create, name="lesson_create"),
    path("hoc-tap/bai-hoc/<int:pk>/", views.lesson_detail, name="lesson_detail"),
    path("hoc-tap/bai-hoc/<int:pk>/sua/", views.lesson_edit, name="lesson_edit"),
    path("hoc-tap/bai-hoc/<int:pk>/xuat-ban/", views.lesson_publish, name="lesson_publish"),
    path("hoc-tap/bai-hoc/<int:pk>/tep/", views.lesson_file, name="lesson_file"),
    # quizzes
    path("hoc-tap/kiem-tra/", views.quiz_list, name="quiz_list"),
    path("hoc-tap/kiem-tra/tao/", views.quiz_create, name="quiz_create"),
    path("hoc-tap/kiem-tra/<int:pk>/", views.quiz_detail, name="quiz_detail"),
    path("hoc-tap/kiem-tra/<int:pk>/ma-lop/", views.quiz_code_create, name="quiz_code_create"),
    path("hoc-tap/kiem-tra/<int:pk>/bat-dau/", views.quiz_start, name="quiz_start"),
    path("hoc-tap/kiem-tra/<int:pk>/xep-hang/", views.leaderboard, name="leaderboard"),
    path("hoc-tap/cuoc-thi/", views.contest_list, name="contest_list"),
    path("hoc-tap/cuoc-thi/tao/", views.contest_create, name="contest_create"),
    path("hoc-tap/cuoc-thi/<int:pk>/", views.contest_detail, name="contest_detail"),
    # essay and poster rounds
    path("hoc-tap/cuoc-thi/<int:pk>/vong-bai-viet/tao/", views_essays.round_create, name="essay_round_create"),
    path("hoc-tap/vong-bai-viet/<int:pk>/", views_essays.round_detail, name="essay_round"),
    path("hoc-tap/vong-bai-viet/<int:pk>/ma-lop/", views_essays.code_create, name="essay_code_create"),
    path("hoc-tap/vong-bai-viet/<int:pk>/nop/", views_essays.staff_submit, name="essay_staff_submit"),
    path("hoc-tap/vong-bai-viet/<int:pk>/cong-bo/", views_essays.publish, name="essay_publish"),
    path("hoc-tap/vong-bai-viet/<int:pk>/cham/", views_essays.jury, name="essay_jury"),
    path("hoc-tap/bai-du-thi/<int:pk>/cham/", views_essays.score, name="essay_score"),
    path("hoc-tap/bai-du-thi/<int:pk>/xet/", views_essays.decide, name="essay_decide"),
    path("hoc-tap/bai-du-thi/<int:pk>/anh/", views_essays.image, name="essay_image"),
    path("hoc-tap/du-thi/", views_essays.entry, name="essay_entry"),
    path("hoc-tap/du-thi/<str:token>/", views_essays.own, name="essay_own"),
    path("hoc-tap/vao-thi/", views.class_entry, name="class_entry"),
    path("hoc-tap/bai-lam/<str:token>/", views.attempt, name="attempt"),
    path("hoc-tap/bai-lam/<str:token>/tra-loi/", views.attempt_answer, name="attempt_answer"),
    path("hoc-tap/bai-lam/<str:token>/nop-bai/", views.attempt_finish, name="attempt_finish"),
    path("hoc-tap/bai-lam/<str:token>/chung-nhan.pdf", views.attempt_certificate, name="attempt_certificate"),
    path("hoc-tap/chung-nhan/", views.certificate_verify, name="certificate_check"),
    path("hoc-tap/chung-nhan/tai/<int:pk>/", views.certificate_download, name="certificate_download"),
    path("hoc-tap/chung-nhan/<str:code>/", views.certificate_verify, name="certificate_verify"),
    path("hoc-tap/so-lieu/", views.numbers, name="numbers"),
    path("hoc-tap/si-so/", views.roster_update, name="roster_update"),
    # training sessions
    path("hoc-tap/tap-huan/", views.training_list, name="training_list"),
    path("hoc-tap/tap-huan/tao/", views.training_create, name="training_create"),
    path("hoc-tap/tap-huan/<int:pk>/", views.training_detail, name="training_detail"),
    path("hoc-tap/tap-huan/<int:pk>/danh-sach/", views.training_attendance, name="training_attendance"),
    path("hoc-tap/tap-huan/<int:pk>/qr.svg", views.training_qr, name="training_qr"),
    path("hoc-tap/diem-danh/", views.check_in, name="check_in"),
    # pledges
    path("cam-ket/", views.pledge_list, name="pledge_list"),
    path("cam-ket/tao/", views.pledge_create, name="pledge_create"),
    path("cam-ket/<int:pk>/", views.pledge_detail, name="pledge_detail"),
    path("cam-ket/<int:pk>/ky-giay/", views.pledge_paper, name="pledge_paper"),
    path("cam-ket/<int:pk>/nhac/", views.pledge_remind, name="pledge_remind"),
    path("cam-ket/<int:pk>/danh-sach.xlsx", views.pledge_export, name="pledge_export"),
    path("cam-ket/<int:pk>/danh-sach.docx", views.pledge_export, {"fmt": "docx"}, name="pledge_export_docx"),
    path("cam-ket/<int:pk>/ky/<str:code>/", views.pledge_sign, name="pledge_sign"),
    # scam-alert bulletins
    path("hoc-tap/ban-tin/", views_bulletins.bulletin_list, name="bulletin_list"),
    path("hoc-tap/ban-tin/tu-vu-viec/<int:pk>/", views_bulletins.bulletin_from_case, name="bulletin_from_case"),
    path("hoc-tap/ban-tin/<int:pk>/", views_bulletins.bulletin_detail, name="bulletin_detail"),
    path("hoc-tap/ban-tin/<int:pk>/duyet/", views_bulletins.bulletin_publish, name="bulletin_publish"),
    path("hoc-tap/ban-tin/<int:pk>/gui-truong/", views_bulletins.bulletin_push, name="bulletin_push"),
    # public parent guidance
    path("huong-dan/", views.guidance, name="guidance"),
    path("huong-dan/<str:code>/", views.guidance, name="guidance_unit"),
]
