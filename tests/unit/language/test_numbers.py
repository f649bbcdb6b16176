"""Amounts: digits, currency marks, Indian grouping, Hinglish and Hindi words, fractions."""

from __future__ import annotations

import pytest

from domain.language.normalize import tokenize
from domain.language.numbers import read_number
from tests.unit.language.conftest import one


def number(text: str) -> float | None:
    keys = [t.key for t in tokenize(text)]
    got = read_number(keys, 0, frozenset({"rs"}))
    return None if got is None else got[0]


@pytest.mark.parametrize(
    ("spoken", "value"),
    [
        ("500", 500), ("1.5 lakh", 150_000), ("dedh sau", 150), ("dhai hazaar", 2500),
        ("sade teen sau", 350), ("saade 7", 7.5), ("sawa do sau", 225), ("paune do lakh", 175_000),
        ("do sau pachas", 250), ("ek lakh pachas hazaar", 150_000), ("pachees", 25),
        ("pachchis", 25), ("chhiyasi", 86), ("chhiyasi hazaar", 86_000), ("do crore", 20_000_000),
        ("एक लाख पचास हज़ार", 150_000), ("सात सौ पचहत्तर", 775), ("डेढ़ सौ", 150), ("ढाई", 2.5),
        ("two hundred and fifty", 250), ("twenty five", 25), ("5k", 5000), ("nabbe", 90),
        ("sattar", 70), ("ninyanve", 99), ("1,50,000", 150_000),
    ],
)  # fmt: skip
def test_number_words(spoken: str, value: float) -> None:
    assert number(spoken) == value


@pytest.mark.parametrize("word", ["do", "saath", "so", "tera", "ek"])
def test_words_that_only_look_like_numbers(word: str) -> None:
    assert number(word) is None


def test_ambiguous_word_is_a_number_before_a_multiplier_or_rupees() -> None:
    assert number("do sau") == 200
    assert number("saath rupaye") == 60


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Rahul ko ₹500 udhaar likho", 500), ("Rahul ko rs 500 udhaar likho", 500),
        ("Rahul ko 500 rupaye udhaar likho", 500), ("Rahul ko 500 rupay udhar likho", 500),
        ("Rahul ko 500 rupees udhaar likho", 500), ("Rahul ko 500/- udhaar likho", 500),
        ("Rahul ko ₹1,50,000 udhaar likho", 150_000), ("Rahul ko 99.50 udhaar likho", 99.5),
        ("Rahul ko do sau do", 200), ("Rahul ke saath 300 ka hisaab jodo", 300),
    ],
)  # fmt: skip
def test_amount_in_a_command(text: str, amount: float) -> None:
    _, entities = one(text)
    assert entities["amount"] == amount
    assert isinstance(entities["amount"], int) == (amount == int(amount))
