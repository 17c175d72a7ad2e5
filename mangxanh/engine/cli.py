"""`mangxanh scan` as a plain function (the Django command only parses arguments).

Input: JSON Lines ``{"id": ..., "text": ...}`` or plain text (one item per line, id = line
number), from a file or standard input. Output: one JSON line per item (DESIGN.md §6). Every bad
line gets a Vietnamese error on stderr naming its line number; the other lines are still scanned;
the exit code is 1 if any line failed, 2 if the input could not be read at all.
"""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from typing import IO, Any

BATCH = 256
PROGRESS_MIN_BYTES = 1_000_000


def _read_source(path: str | None) -> tuple[IO[bytes], int | None]:
    if path in (None, "-"):
        return sys.stdin.buffer, None
    return open(path, "rb"), os.path.getsize(path)


def _looks_binary(head: bytes) -> bool:
    """A NUL byte mixed into other bytes of a line is a binary file (an image, a program); a line
    of nothing but NUL bytes in a text file is only a bad line, reported on its own."""
    for line in head.split(b"\n"):
        if b"\x00" in line and line.strip(b"\x00\r"):
            return True
    return False


def _type_name(value: Any) -> str:
    return {
        int: "số nguyên", float: "số thực", bool: "giá trị đúng/sai", list: "danh sách", dict: "đối tượng",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def parse_lines(raw_lines: Iterator[tuple[int, bytes]], fmt: str) -> Iterator[tuple[int, Any, str | None, str | None]]:
    """(line number, id, text, error) for each non-blank line."""
    for lineno, raw in raw_lines:
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield lineno, None, None, f"Dòng {lineno}: không phải văn bản UTF-8 hợp lệ (byte lỗi ở vị trí {exc.start})."
            continue
        line = line.rstrip("\r\n")
        if lineno == 1:
            line = line.removeprefix("\ufeff")
        if "\x00" in line:
            yield lineno, None, None, f"Dòng {lineno}: chứa ký tự rỗng (byte 0), không phải văn bản."
            continue
        if not line.strip():
            continue
        if fmt == "text":
            yield lineno, lineno, line, None
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield lineno, None, None, f"Dòng {lineno}: JSON không hợp lệ (lỗi cú pháp ở cột {exc.colno})."
            continue
        if not isinstance(obj, dict):
            yield lineno, None, None, f"Dòng {lineno}: mỗi dòng phải là một đối tượng JSON có trường \"text\"."
            continue
        if "text" not in obj:
            yield lineno, obj.get("id"), None, f"Dòng {lineno}: thiếu trường \"text\"."
            continue
        text = obj["text"]
        if not isinstance(text, str):
            yield lineno, obj.get("id"), None, (
                f"Dòng {lineno}: trường \"text\" phải là chuỗi ký tự, nhận được {_type_name(text)}."
            )
            continue
        item_id = obj.get("id", lineno)
        if item_id is not None and not isinstance(item_id, str | int | float):
            yield lineno, None, None, f"Dòng {lineno}: trường \"id\" phải là chuỗi hoặc số, nhận được {_type_name(item_id)}."
            continue
        yield lineno, item_id, text, None


_worker_engine = None


def _init_worker(policy: Any, model: Any) -> None:
    global _worker_engine
    from . import Engine

    _worker_engine = Engine(policy=policy, model_path=model)


def _scan_batch(batch: list[tuple[Any, str]]) -> list[str]:
    results = _worker_engine.scan_many(batch)
    return [json.dumps(r.to_dict(), ensure_ascii=False) for r in results]


def run_scan(
    path: str | None = None,
    *,
    policy: Any = None,
    model: Any = None,
    workers: int = 1,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Scan a JSON Lines or plain-text file (or stdin for None / "-"); returns the exit code."""
    from .policy import PolicyError

    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        source, size = _read_source(path)
    except FileNotFoundError:
        err.write(f"Lỗi: không tìm thấy tệp đầu vào: {path}\n")
        return 2
    except IsADirectoryError:
        err.write(f"Lỗi: {path} là một thư mục, không phải tệp.\n")
        return 2
    except OSError as exc:
        err.write(f"Lỗi: không đọc được tệp đầu vào {path}: {exc.strerror}\n")
        return 2
    try:
        stream = io.BufferedReader(source) if not isinstance(source, io.BufferedIOBase) else source
        head = stream.peek(8192)[:8192] if hasattr(stream, "peek") else b""
        if _looks_binary(head):
            err.write("Lỗi: tệp đầu vào là tệp nhị phân, không phải văn bản (dòng 1 chứa byte 0).\n")
            return 2
        first = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
        fmt = "jsonl" if first in (b"{", b"[") or (path or "").endswith((".jsonl", ".ndjson")) else "text"

        try:
            _init_worker(policy, model)  # also validates the policy and the model file up front
        except PolicyError as exc:
            err.write(f"Lỗi chính sách: {exc}\n")
            return 2
        except FileNotFoundError as exc:
            err.write(f"Lỗi: {exc}\n")
            return 2
        pool = None
        if workers > 1:
            from multiprocessing import get_context

            pool = get_context("spawn").Pool(workers, initializer=_init_worker, initargs=(policy, model))

        from tqdm import tqdm

        show = (size is not None and size >= PROGRESS_MIN_BYTES) or (size is None and err.isatty() if hasattr(err, "isatty") else False)
        bar = tqdm(total=size, unit="B", unit_scale=True, file=err, disable=not show, desc="Đang quét")

        def numbered() -> Iterator[tuple[int, bytes]]:
            for lineno, raw in enumerate(stream, start=1):
                bar.update(len(raw))
                yield lineno, raw

        failed = 0
        seen = 0
        batches: list[list[tuple[Any, str]]] = []
        batch: list[tuple[Any, str]] = []

        def flush_batches(force: bool = False) -> None:
            nonlocal batches
            if not batches or (not force and len(batches) < max(1, workers) * 2):
                return
            results = pool.map(_scan_batch, batches) if pool is not None else [_scan_batch(b) for b in batches]
            for lines in results:
                for line in lines:
                    out.write(line + "\n")
            batches = []

        for _lineno, item_id, text, error in parse_lines(numbered(), fmt):
            seen += 1
            if error is not None:
                failed += 1
                flush_batches(force=True)
                if batch:
                    batches.append(batch)
                    batch = []
                    flush_batches(force=True)
                err.write(error + "\n")
                continue
            batch.append((item_id, text))
            if len(batch) >= BATCH:
                batches.append(batch)
                batch = []
                flush_batches()
        if batch:
            batches.append(batch)
        flush_batches(force=True)
        bar.close()
        if pool is not None:
            pool.close()
            pool.join()
        if seen == 0:
            err.write("Lỗi: tệp đầu vào rỗng, không có dòng nào để quét.\n")
            return 2
        if failed:
            err.write(f"Có {failed} dòng lỗi (đã bỏ qua); các dòng hợp lệ vẫn được quét.\n")
            return 1
        return 0
    finally:
        if path not in (None, "-"):
            source.close()
