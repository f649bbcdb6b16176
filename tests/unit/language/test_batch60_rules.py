"""Rules batch 60 led to: goods taken after a payment are credit ("and then took rice for
350"), change taken back is not; "open a new one for Celina" makes a customer; "change sam's
number" is someone's number, asked when the name is not understood; goods said that no bill
holds make the bill ask."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted, said


@pytest.mark.parametrize(
    "text",
    [
        "nitin paid 1000 and then took rice for 350",
        "mrs dsouza paid 800 through upi and after that took 250 more",
    ],
)
def test_goods_taken_after_paying_are_credit(text: str) -> None:
    assert [intent for intent, _, _ in acted(text)] == ["RECORD_PAYMENT", "ADD_CREDIT"]


def test_change_taken_back_is_no_credit() -> None:
    text = "Varghese ka 850 jama karun? usne 1000 diye aur 150 wapas liye"
    assert acted(text) == []


def test_open_a_new_one_makes_a_customer() -> None:
    text = "close sandra's account and open a new one for celina number 70123 45678"
    assert said(text)[1] == ("CREATE_CUSTOMER", {"customer": "Celina", "phone": "7012345678"})


def test_whose_number_not_understood_asks() -> None:
    text = "change sam's number to 99001 22334 and add 200 on his account"
    assert {(c.decision, c.reason) for c in parse(text, NOW)} == {(Decision.ASK, "customer")}


def test_todays_reminder_is_nobodys_name() -> None:
    [command] = parse("change today's reminder to 5 pm", NOW)
    assert command.decision is Decision.ACT


def test_goods_no_bill_holds_make_the_bill_ask() -> None:
    text = "one more thing mrs khanna took 1 kg sugar and 2 packets of tea make her bill"
    assert acted(text) == []


def test_goods_on_stock_and_bill_are_all_placed() -> None:
    text = "achha 20 kilo cheeni aayi hai stock me daal do aur Kishore ka 2 kilo cheeni ka bill bana do"
    assert [c.decision for c in parse(text, NOW)] == [Decision.ACT, Decision.ACT]
