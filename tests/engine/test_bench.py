"""The bench command prints numbers (speed is measured there, never asserted)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mangxanh.engine.bench import generate_texts
from mangxanh.engine.classifier import DEFAULT_MODEL_PATH


def test_generated_texts_are_comment_length_and_reproducible():
    texts = generate_texts(500)
    assert texts == generate_texts(500)
    assert 20 <= sum(map(len, texts)) / len(texts) <= 120


@pytest.mark.skipif(not DEFAULT_MODEL_PATH.is_file(), reason="no shipped model")
def test_bench_reports_numbers():
    stdout = StringIO()
    call_command("bench", "--n", "300", "--json", stdout=stdout)
    report = json.loads(stdout.getvalue())
    assert report["classifier"]["texts_per_s"] > 0
    assert report["peak_memory_mb"] > 0


def test_bench_rejects_bad_arguments():
    with pytest.raises(CommandError, match="--n"):
        call_command("bench", "--n", "0")
