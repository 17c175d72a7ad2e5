"""Terms with doubled letters must not match the shorter words that squeezing turns them into."""

import pytest

from mangxanh.engine import Engine

ENGINE = Engine(model_path=False)


@pytest.mark.parametrize(
    "text",
    ["Chiều dài 5 cm, rộng 3 cm", "c ơi mai c đi họp phụ huynh không", "vc nhà em đi làm xa", "wed 12/11 họp lớp"],
)
def test_short_everyday_words_are_clean(text):
    assert ENGINE.scan(text).verdict == "allow"


@pytest.mark.parametrize(("text", "category"), [("cc mày", "offensive"), ("cmmmm", "offensive"), ("mua weeed ko", "drugs_gambling")])
def test_the_doubled_terms_and_stretched_forms_still_match(text, category):
    assert category in ENGINE.scan(text).categories
