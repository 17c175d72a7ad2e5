"""mangxanh evaluate --dataset vihsd|victsd|vihos --split test: accuracy and macro-F1;
--dataset school-cases|seeds: the engine on text written outside the team (engine/realtext.py)."""

import json

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Đo độ chính xác và macro-F1 của bộ phân loại và của toàn bộ engine trên một bộ dữ liệu có nhãn."

    def add_arguments(self, parser):
        parser.add_argument("--dataset", required=True, choices=["vihsd", "victsd", "vihos", "school-cases", "seeds"])
        parser.add_argument("--split", default="test", choices=["test", "dev"])
        parser.add_argument("--data-dir", default=None)
        parser.add_argument("--model", default=None, help="Tệp mô hình .npz (mặc định: mô hình đi kèm).")
        parser.add_argument("--no-engine", action="store_true", help="Chỉ đo bộ phân loại.")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")

    def handle(self, *args, **options):
        from mangxanh.engine.classifier import DEFAULT_MODEL_PATH, ModelError, TextClassifier
        from mangxanh.engine.datasets import DatasetError, load_split
        from mangxanh.engine.evaluation import evaluate_classifier, evaluate_engine
        from mangxanh.engine.hints import is_stale

        if options["dataset"] in ("school-cases", "seeds"):
            return self._real_text(options)
        try:
            split = load_split(options["dataset"], options["split"], options["data_dir"])
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        model_path = options["model"] or DEFAULT_MODEL_PATH
        try:
            clf = TextClassifier.load(model_path)
        except FileNotFoundError as exc:
            raise CommandError(f"Không tìm thấy tệp mô hình: {model_path}") from exc
        except ModelError as exc:
            raise CommandError(f"Không đọc được tệp mô hình an toàn: {exc}") from exc
        stale = is_stale(clf)
        if stale:
            self.stderr.write(
                "Cảnh báo: mô hình này được huấn luyện với bộ từ điển và tín hiệu khác bản hiện tại; "
                "điểm số có thể thấp hơn. Hãy huấn luyện lại (xem mangxanh/engine/README.md)."
            )
        report = {
            "dataset": options["dataset"],
            "split": options["split"],
            "rows": len(split.texts),
            "model": str(model_path),
            "model_labels": clf.labels,
            "model_stale": stale,
            "classifier": evaluate_classifier(clf, split),
            "engine": None if options["no_engine"] else evaluate_engine(split, options["model"]),
            # The engine with the policy key model_decides_toxicity (the model picks the toxic
            # category, lexicon hits stay as evidence): measured when the model speaks the
            # dataset's labels, i.e. it was trained on data labelled the same way.
            "engine_model_decides": None,
        }
        if not options["no_engine"] and list(clf.labels) == list(split.label_names):
            report["engine_model_decides"] = evaluate_engine(
                split, options["model"], policy={"model_decides_toxicity": True}
            )
        if options["dataset"] == "victsd" and not options["no_engine"]:
            from mangxanh.engine import Engine
            from mangxanh.engine.realtext import flag_rates

            engine = Engine(model_path=options["model"]) if options["model"] else Engine()
            report["engine_flags"] = flag_rates(engine, split.texts, split.labels)
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Bộ dữ liệu {options['dataset']}/{options['split']}: {len(split.texts)} dòng; mô hình {model_path}")
        parts = [("classifier", "Bộ phân loại"), ("engine", "Toàn bộ engine")]
        if report["engine_model_decides"] is not None:
            parts.append(("engine_model_decides", "Toàn bộ engine, mô hình quyết định loại độc hại"))
        for part, title in parts:
            result = report[part]
            if result is None:
                self.stdout.write(f"{title}: không đo (engine chưa sẵn sàng hoặc đã tắt).")
                continue
            for kind, name in (("labels", "nhãn của bộ dữ liệu"), ("binary", "nhị phân độc hại/sạch")):
                if kind in result:
                    m = result[kind]
                    per_class = ", ".join(f"{k} {v['f1']:.4f}" for k, v in m["per_class"].items())
                    self.stdout.write(
                        f"{title} ({name}): accuracy {m['accuracy']:.4f}, macro-F1 {m['macro_f1']:.4f} (F1 theo lớp: {per_class})"
                    )
        if "engine_flags" in report:
            self._write_flags(report["engine_flags"])

    def _write_flags(self, m: dict) -> None:
        self.stdout.write(
            f"Toàn bộ engine (kết luận): {m['clean_flagged']}/{m['clean']} bình luận sạch bị gắn cờ "
            f"({m['clean_flagged_share']:.1%}), {m['clean_blocked']} bị chặn; {m['toxic_flagged']}/{m['toxic']} bình luận "
            f"độc hại được gắn cờ ({m['toxic_flagged_share']:.1%}); macro-F1 gắn cờ/cho phép {m['macro_f1']:.4f}"
        )

    def _real_text(self, options) -> None:
        from mangxanh.engine import Engine
        from mangxanh.engine.datasets import DatasetError
        from mangxanh.engine.realtext import (
            load_school_cases,
            score_school_cases,
            score_seeds,
            seed_paragraphs,
        )

        engine = Engine(model_path=options["model"]) if options["model"] else Engine()
        try:
            if options["dataset"] == "school-cases":
                report = score_school_cases(engine, load_school_cases(options["data_dir"]))
            else:
                seeds = None if options["data_dir"] is None else f"{options['data_dir'].rstrip('/')}/../seeds"
                report = score_seeds(engine, seed_paragraphs(seeds))
        except DatasetError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        if options["dataset"] == "seeds":
            self.stdout.write(f"Văn bản gốc: {report['flagged']}/{report['paragraphs']} đoạn bị gắn cờ.")
            for ex in report["examples"]:
                self.stdout.write(f"  {ex['verdict']} {','.join(ex['categories'])}: {ex['text']}")
            return
        self.stdout.write(
            f"Tình huống trường học: đúng {report['right']}/{report['cases']} ({report['right_share']:.1%}); "
            f"văn bản sạch bị gắn cờ {report['clean_flagged']}, bị chặn {report['clean_blocked']}; "
            f"văn bản có hại bị bỏ lọt {report['harmful_missed']}"
        )
        for w in report["wrong"]:
            self.stdout.write(
                f"  {w['id']} ({w['kind']}): cần {w['expected']} {','.join(w['must'] or [])} — "
                f"engine cho {w['verdict']} {','.join(w['categories'])}"
            )
