"""mangxanh bench: throughput of the classifier and of the whole engine, and peak memory."""

import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Đo tốc độ quét (văn bản/giây) của bộ phân loại và toàn bộ engine, và bộ nhớ đỉnh."

    def add_arguments(self, parser):
        parser.add_argument("--n", type=int, default=20000, help="Số văn bản sinh ra để đo.")
        parser.add_argument("--workers", type=int, default=1)
        parser.add_argument("--model", default=None)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        from mangxanh.engine.bench import bench_classifier, bench_engine, generate_texts, peak_memory_mb
        from mangxanh.engine.classifier import ModelError

        if not 1 <= options["n"] <= 10_000_000:
            raise CommandError("--n phải nằm trong khoảng 1 đến 10.000.000.")
        if not 1 <= options["workers"] <= 256:
            raise CommandError("--workers phải nằm trong khoảng 1 đến 256.")
        texts = generate_texts(options["n"])
        try:
            classifier = bench_classifier(texts, options["model"])
        except (FileNotFoundError, ModelError) as exc:
            raise CommandError(f"Không đọc được tệp mô hình: {exc}") from exc
        engine = bench_engine(texts, options["model"], options["workers"])
        report = {
            "texts": len(texts),
            "mean_chars": round(sum(map(len, texts)) / len(texts), 1),
            "classifier": classifier,
            "engine": engine,
            "peak_memory_mb": round(peak_memory_mb(), 1),
        }
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{len(texts)} văn bản, trung bình {report['mean_chars']} ký tự")
        self.stdout.write(
            f"Bộ phân loại: {classifier['texts_per_s']} văn bản/giây theo đồng hồ, "
            f"{classifier['texts_per_cpu_s']} văn bản/giây CPU (mô hình {classifier['model_bytes'] / 1e6:.1f} MB)"
        )
        if engine is None:
            self.stdout.write("Toàn bộ engine: không đo được (engine chưa sẵn sàng).")
        else:
            cpu = f", {engine['texts_per_cpu_s']} văn bản/giây CPU" if "texts_per_cpu_s" in engine else ""
            self.stdout.write(
                f"Toàn bộ engine: {engine['texts_per_s']} văn bản/giây theo đồng hồ{cpu}, {engine['workers']} tiến trình"
            )
        self.stdout.write(f"Bộ nhớ đỉnh: {report['peak_memory_mb']} MB")
