import pytest

from openness.licenses.numbers import parse_number


@pytest.mark.parametrize(
    "text,value",
    [("700 million", 7e8), ("100,000,000", 1e8), ("1M", 1e6), ("US$10 million", 1e7), ("$1,000,000", 1e6),
     ("2.5 billion", 2.5e9), ("less than 1 million", 1e6), ("20 million US dollars", 2e7), ("3 MAU", 3)],
)
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_no_number():
    assert parse_number("no digits here") is None
