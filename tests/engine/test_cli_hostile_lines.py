"""`mangxanh scan` on hostile lines: lone surrogates, NUL-only lines, megabyte lines (issue 16, item 13).
Each bad line gets its own Vietnamese error and the other lines are still scanned."""

import json
import subprocess
import sys
from pathlib import Path


def run(args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "mangxanh", "scan", *args], input=stdin, capture_output=True, timeout=300
    )


def test_lone_surrogates_are_scanned_and_the_output_stays_json(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    # json.dumps writes the lone surrogate as the escape \\ud800, as a browser or partner might
    src.write_text(json.dumps({"id": "s", "text": "mày ngu \ud800 quá"}) + "\n"
                   + json.dumps({"id": "ok", "text": "Xin chào"}) + "\n", encoding="utf-8")
    proc = run([str(src)])
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [x["id"] for x in lines] == ["s", "ok"]
    assert lines[0]["verdict"] == "review"


def test_an_encoded_surrogate_in_plain_text_is_a_bad_line(tmp_path: Path):
    src = tmp_path / "in.txt"
    src.write_bytes(b"abc \xed\xa0\x80 def\n" + "mày ngu\n".encode())
    proc = run([str(src)])
    assert proc.returncode == 1
    assert "Dòng 1: không phải văn bản UTF-8" in proc.stderr.decode()
    assert len(proc.stdout.decode().splitlines()) == 1


def test_a_nul_only_line_is_one_bad_line_not_a_binary_file(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\x00\x00\x00\n" + '{"id": "ok", "text": "mày ngu"}\n'.encode())
    proc = run([str(src)])
    assert proc.returncode == 1
    assert "Dòng 1: chứa ký tự rỗng (byte 0)" in proc.stderr.decode()
    assert [json.loads(x)["id"] for x in proc.stdout.decode().splitlines()] == ["ok"]


def test_megabyte_lines_are_scanned_with_bounded_output(tmp_path: Path):
    src = tmp_path / "big.jsonl"
    big = "Mày ngu quá, " * 80_000  # about 1 MB
    src.write_text("\n".join(json.dumps({"id": i, "text": big}, ensure_ascii=False) for i in range(2)) + "\n",
                   encoding="utf-8")
    proc = run([str(src)])
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [x["verdict"] for x in lines] == ["review", "review"]
    # the phrase occurrences looked at per text are bounded, so is what is written
    assert all(len(x["findings"]) <= 4_000 for x in lines)
    assert all(big[f["start"] : f["end"]] == f["evidence"] for f in lines[0]["findings"][:50])
