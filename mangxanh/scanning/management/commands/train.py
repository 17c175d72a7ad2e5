"""mangxanh train --dataset vihsd|victsd|vihos|own --out FILE: fit the statistical classifier."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Huấn luyện bộ phân loại thống kê từ một bộ dữ liệu (ViHSD, ViCTSD, ViHOS hoặc kho ví dụ riêng)."

    def add_arguments(self, parser):
        parser.add_argument("--dataset", required=True, choices=["vihsd", "victsd", "vihos", "own"])
        parser.add_argument("--data-dir", default=None, help="Thư mục dữ liệu (mặc định ../shared/data hoặc MANGXANH_DATA_DIR).")
        parser.add_argument("--out", required=True, help="Tệp mô hình .npz sẽ ghi ra.")
        parser.add_argument("--with-own", action="store_true", help="Thêm kho ví dụ riêng của dự án (chỉ mô hình nhị phân).")
        parser.add_argument(
            "--models", default="svm,nbsvm", help="Các mô hình tuyến tính ghép lại (svm, nbsvm, lr), mặc định svm,nbsvm."
        )
        parser.add_argument("--C", type=float, default=None, help="Hệ số điều chuẩn C.")
        parser.add_argument(
            "--tune", default="cv", choices=["cv", "dev", "none"],
            help="Chỉnh nhiệt độ và độ lệch theo lớp: cv = kiểm định chéo trên train+dev rồi học lại trên cả hai "
            "(mặc định); dev = học trên train, chỉnh trên dev; none = không chỉnh.",
        )
        parser.add_argument("--folds", type=int, default=5, help="Số phần của kiểm định chéo (mặc định 5).")

    def handle(self, *args, **options):
        from mangxanh.engine.datasets import DatasetError
        from mangxanh.engine.training import MODEL_KINDS, TrainingError, train_dataset

        models = [m.strip() for m in options["models"].split(",") if m.strip()]
        if not models or any(m not in MODEL_KINDS for m in models) or len(set(models)) != len(models):
            raise CommandError("--models chỉ nhận svm, nbsvm, lr (mỗi loại một lần), ví dụ svm,nbsvm.")
        if not 2 <= options["folds"] <= 20:
            raise CommandError("--folds phải từ 2 đến 20.")
        if options["C"] is not None and not 0 < options["C"] <= 1000:
            raise CommandError("--C phải là số dương, không quá 1000.")
        try:
            clf = train_dataset(
                options["dataset"], options["data_dir"], with_own=options["with_own"], models=models, C=options["C"],
                tune=options["tune"], folds=options["folds"],
            )
        except (DatasetError, TrainingError) as exc:
            raise CommandError(str(exc)) from exc
        out = Path(options["out"])
        try:
            clf.save(out)
            provenance_path = out.with_suffix(".json")
            provenance_path.write_text(json.dumps(clf.provenance, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Không ghi được tệp mô hình {out}: {exc}") from exc
        info = clf.provenance
        self.stdout.write(
            f"Đã lưu mô hình vào {out} ({out.stat().st_size / 1e6:.1f} MB), "
            f"{info.get('fit_rows')} dòng huấn luyện, macro-F1 khi chỉnh: {info.get('cv_macro_f1', info.get('dev_macro_f1', '—'))}."
        )
