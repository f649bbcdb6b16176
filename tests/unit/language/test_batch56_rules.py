"""Rules batch 56 led to: "put it in Kunal's account" moves the entry just said; "herself",
"dad", "little" are no names; a first name said alone after two people of that name asks;
surnames that are words before "'s" ("Vinod More's"); a bill "paid on gpay" asks; "X ne …
daale" (put in) is a payment; "Shakeel chicken wale" asks whether "chicken" is his name."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Harsh paid 500, put it in Kunal's account", [("RECORD_PAYMENT", "Kunal", 500)]),
        (
            "little Bittu took chips for 40, write it in his dad Ramesh Nair's account",
            [("ADD_CREDIT", "Ramesh Nair", 40)],
        ),
    ],
)
def test_the_account_named_after_takes_the_entry(text: str, written: list[object]) -> None:
    assert acted(text) == written


@pytest.mark.parametrize(
    "text",
    [
        "Lakshmi paid 1000, 600 for herself and 400 for her neighbour Meena",
        "Suraj Shah aur Suraj More dono aaye the, Suraj ka 400 likho",
        "bill fernandes paid 1200 on gpay",
        "Shakeel chicken wale ne 900 cash diye",
    ],
)
def test_whose_or_what_is_not_sure_writes_nothing(text: str) -> None:
    assert acted(text) == []


def test_one_suraj_alone_still_writes() -> None:
    assert acted("Suraj ka 400 likho") == [("ADD_CREDIT", "Suraj", 400)]


def test_a_surname_that_is_a_word_before_s() -> None:
    assert acted("add 200 more to Vinod More's account") == [("ADD_CREDIT", "Vinod More", 200)]


@pytest.mark.parametrize(
    ("text", "name"),
    [("गुड़िया के पापा ने गुड़िया के खाते में 250 डाले", "गुड़िया"), ("Guddi ne 250 daale", "Guddi")],
)
def test_money_put_in_by_someone_is_a_payment(text: str, name: str) -> None:
    assert acted(text) == [("RECORD_PAYMENT", name, 250)]


def test_put_it_on_the_account_is_still_credit() -> None:
    assert acted("Guddi ke khate mein 250 daal do") == [("ADD_CREDIT", "Guddi", 250)]


def test_a_shop_named_by_what_it_sells_writes() -> None:
    [command] = parse("Gupta kirana wale ne 2,000 diye cheque se", NOW)
    assert command.decision is Decision.ACT
