"""Tiny training sets written for these tests (never rows of the public datasets)."""

from __future__ import annotations

import csv
from pathlib import Path

from mangxanh.engine.features import FeatureSpec

SMALL_SPEC = FeatureSpec(bits=12, word_orders=(1, 2), char_orders=(2, 3, 4), char_keys=("fold",))

CLEAN = [
    "Chúc mừng các em đã hoàn thành tốt kỳ thi học kỳ.",
    "Nhà trường thông báo lịch họp phụ huynh vào sáng thứ bảy.",
    "Cô giáo dạy văn rất tận tâm với học sinh.",
    "Lớp mình đi tham quan bảo tàng vui quá.",
    "Cam on thay co da giup do chung em.",
    "Hôm nay đội bóng của trường thắng rồi!",
    "Mời các bạn đăng ký câu lạc bộ tiếng Anh.",
    "Bài giảng hôm nay dễ hiểu lắm ạ.",
]
OFFENSIVE = [
    "Đm bài kiểm tra khó vãi lồn.",
    "vcl hôm nay mệt vãi",
    "Đéo hiểu sao trường lại cho nghỉ, vl thật.",
    "dit me cai may tinh lai hong",
    "Mẹ kiếp, mất điện cả ngày, đm.",
    "vãi cả lồn, trời nóng quá",
]
HATE = [
    "Thằng Nam lớp bên ngu như bò, đồ óc chó.",
    "Con bé đó mặt dày, đồ mất dạy, cút đi.",
    "thang kia ngu vai, oc cho that su",
    "Mày là đồ rác rưởi, đồ khốn nạn.",
    "Bọn nó là lũ súc vật, óc chó hết.",
    "đồ ngu, mày cút khỏi lớp này đi",
]


def write_vihsd(root: Path) -> Path:
    """A tiny ViHSD-shaped folder (free_text,label_id) with train/dev/test."""
    folder = root / "vihsd"
    folder.mkdir(parents=True, exist_ok=True)
    rows = [(t, 0) for t in CLEAN] + [(t, 1) for t in OFFENSIVE] + [(t, 2) for t in HATE]
    for split in ("train", "dev", "test"):
        with open(folder / f"{split}.csv", "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["free_text", "label_id"])
            writer.writerows(rows)
    return root


def write_victsd(root: Path) -> Path:
    folder = root / "victsd"
    folder.mkdir(parents=True, exist_ok=True)
    rows = [(t, 0) for t in CLEAN] + [(t, 1) for t in OFFENSIVE + HATE]
    for name in ("ViCTSD_train.csv", "ViCTSD_valid.csv", "ViCTSD_test.csv"):
        with open(folder / name, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["", "Comment", "Constructiveness", "Toxicity", "Title", "Topic"])
            for i, (text, toxic) in enumerate(rows):
                writer.writerow([i, text, 0, toxic, "Tiêu đề bài báo", "GiaoDuc"])
    return root


def write_vihos(root: Path) -> Path:
    rows = [(t, "[]") for t in CLEAN] + [(t, "[0, 1, 2]") for t in OFFENSIVE + HATE]
    paths = {
        "train": root / "vihos" / "Span_Extraction_based_version" / "train.csv",
        "dev": root / "vihos" / "Span_Extraction_based_version" / "dev.csv",
        "test": root / "vihos" / "Test_data" / "test.csv",
    }
    for split, path in paths.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(["", "content", "index_spans"])
            # the test split shares one text with train, which training must drop
            chosen = rows if split != "test" else rows[:1] + [("Một câu chỉ có ở tập kiểm tra.", "[]")]
            for i, (text, spans) in enumerate(chosen):
                writer.writerow([i, text, spans])
    return root
