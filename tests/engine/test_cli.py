"""`mangxanh scan`: JSON Lines and plain text, one JSON line per item, Vietnamese errors per line."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command


def run(args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "mangxanh", "scan", *args], input=stdin, capture_output=True, timeout=120
    )


def test_jsonl_with_bad_lines(tmp_path: Path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "p1", "text": "Số CCCD của em là 036211004567"}\n'
        "{bad json\n"
        '{"id": 3}\n'
        '{"id": 4, "text": 5}\n'
        '{"id": "ok", "text": "Chào các em"}\n',
        encoding="utf-8",
    )
    proc = run([str(src)])
    assert proc.returncode == 1
    lines = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [x["id"] for x in lines] == ["p1", "ok"]
    assert lines[0]["findings"][0]["suggestion"] == "0362******67"
    err = proc.stderr.decode()
    assert "Dòng 2: JSON không hợp lệ" in err
    assert 'Dòng 3: thiếu trường "text"' in err
    assert "Dòng 4: trường \"text\" phải là chuỗi ký tự" in err
    assert "Số CCCD" in proc.stdout.decode() or "036211004567" in proc.stdout.decode()  # ensure_ascii=False


def test_plain_text_from_stdin():
    proc = run(["-"], stdin="mày ngu\n\nxin chào\n".encode())
    assert proc.returncode == 0
    lines = [json.loads(x) for x in proc.stdout.decode().splitlines()]
    assert [(x["id"], x["verdict"]) for x in lines] == [(1, "review"), (3, "allow")]


def test_invalid_utf8_line(tmp_path: Path):
    src = tmp_path / "in.txt"
    src.write_bytes("xin chào\n".encode() + b"\xff\xfe bad\n" + "mày ngu\n".encode())
    proc = run([str(src)])
    assert proc.returncode == 1
    assert "Dòng 2: không phải văn bản UTF-8" in proc.stderr.decode()
    assert len(proc.stdout.decode().splitlines()) == 2


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "tệp đầu vào rỗng"), (b"\x7fELF\x00\x00\x01", "tệp nhị phân")],
)
def test_empty_and_binary_files(tmp_path: Path, content, message):
    src = tmp_path / "in.bin"
    src.write_bytes(content)
    proc = run([str(src)])
    assert proc.returncode == 2
    assert message in proc.stderr.decode()
    assert proc.stdout == b""


def test_bad_policy_file(tmp_path: Path):
    src = tmp_path / "in.txt"
    src.write_text("xin chào\n", encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text("rules:\n  patterns:\n    - {pattern: '(a)\\1', category: 'custom:x'}\n", encoding="utf-8")
    proc = run([str(src), "--policy", str(policy)])
    assert proc.returncode == 2
    assert "biểu thức chính quy" in proc.stderr.decode()


def test_call_command_with_policy_and_workers(tmp_path: Path, capsys):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": f"trường Mạng Xanh số {i}"}) + "\n" for i in range(30)), encoding="utf-8")
    policy = tmp_path / "policy.yaml"
    policy.write_text("rules:\n  keywords:\n    - {term: Mạng Xanh, category: 'custom:ten-truong'}\n", encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("scan", str(src), "--policy", str(policy), "--workers", "2", stdout=out)
    lines = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [x["id"] for x in lines] == list(range(30))
    assert all(x["categories"] == ["custom:ten-truong"] for x in lines)
