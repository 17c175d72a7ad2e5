"""Throughput and memory of the classifier and of the whole engine on generated comments.

The texts come from our own Vietnamese templates (no dataset rows), about the length of a
social-media comment, with and without diacritics, some toxic, most not.
"""

from __future__ import annotations

import random
import resource
import sys
import time
from pathlib import Path

_OPENERS = [
    "Hôm nay", "Sáng nay", "Chiều qua", "Tối nay", "Cuối tuần này", "Hom nay", "Sang nay",
    "Nghe nói", "Theo thông báo của nhà trường,", "Các bạn ơi,", "Cho mình hỏi",
]
_SUBJECTS = [
    "lớp 9A", "thầy chủ nhiệm", "cô giáo dạy toán", "đội bóng của trường", "bạn Lan lớp bên",
    "hội phụ huynh", "cau lac bo tieng anh", "ban Minh", "mấy đứa lớp 8", "thg kia", "con bé đó",
]
_PREDICATES = [
    "tổ chức buổi ngoại khóa về an toàn giao thông", "đi tham quan bảo tàng tỉnh",
    "được khen thưởng vì thành tích học tập", "nhắc cả lớp nộp bài trước thứ sáu",
    "chuẩn bị văn nghệ chào mừng ngày 20/11", "hoc nhom o thu vien", "đá bóng rất hay",
    "nói chuyện mất lịch sự quá", "ngu như bò, đm", "bị mọi người chê cười", "làm màu vl",
    "mặt dày thật sự", "khong biet gi ma cu noi", "dễ thương ghê", "đăng ký tham gia hiến máu",
]
_ENDINGS = ["", ".", "!", " :))", " =))", " nhé mọi người.", " ạ.", " vậy?", " ko ai tin đâu", " 👍", " haha"]


def generate_texts(n: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    return [
        f"{rng.choice(_OPENERS)} {rng.choice(_SUBJECTS)} {rng.choice(_PREDICATES)}{rng.choice(_ENDINGS)}"
        for _ in range(n)
    ]


def peak_memory_mb() -> float:
    # ru_maxrss is KiB on Linux, bytes on macOS
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def bench_classifier(texts: list[str], model_path: Path | str | None = None) -> dict:
    from .classifier import DEFAULT_MODEL_PATH, TextClassifier

    path = Path(model_path or DEFAULT_MODEL_PATH)
    clf = TextClassifier.load(path)
    clf.predict_proba(texts[:100])  # warm-up
    start, cpu_start = time.perf_counter(), time.process_time()
    clf.predict_proba(texts)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    return {"texts": len(texts), "seconds": round(elapsed, 3), "texts_per_s": round(len(texts) / elapsed),
            "cpu_seconds": round(cpu, 3), "texts_per_cpu_s": round(len(texts) / max(cpu, 1e-9)),
            "model_bytes": path.stat().st_size}


def bench_engine(texts: list[str], model_path: Path | str | None = None, workers: int = 1) -> dict | None:
    try:
        from mangxanh.engine import Engine
    except ImportError:
        return None
    engine = Engine(model_path=model_path) if model_path else Engine()
    engine.scan_many(texts[:100])
    start, cpu_start = time.perf_counter(), time.process_time()
    if workers <= 1:
        engine.scan_many(texts)
    else:
        from concurrent.futures import ProcessPoolExecutor

        size = max(1, len(texts) // (workers * 4))
        chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            list(pool.map(_scan_chunk, chunks))
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    result = {"texts": len(texts), "workers": workers, "seconds": round(elapsed, 3),
              "texts_per_s": round(len(texts) / elapsed)}
    if workers <= 1:  # process_time does not see child processes
        result["cpu_seconds"] = round(cpu, 3)
        result["texts_per_cpu_s"] = round(len(texts) / max(cpu, 1e-9))
    return result


def _scan_chunk(texts: list[str]) -> int:
    from mangxanh.engine import default_engine

    return len(default_engine().scan_many(texts))
