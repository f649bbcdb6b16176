"""Rules batch 32 led to: "at 30" after the goods is their price; "each" is no goods; how
often ("teen baar") is no money and beside money asks; "Sunny" at the start and names the
vocabulary knows before "all three" keep a write from the customers in focus; a sound
between a write and its correction does not hide the write."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    "text",
    [
        "Kumar took 2 packets of milk at 30, write 60 on Kumar",
        "put 60 on Kumar's account, he took 2 chips at 30",
    ],
)
def test_at_a_price_after_the_goods_is_not_the_entry(text: str) -> None:
    assert acted(text) == [("ADD_CREDIT", "Kumar", 60)]


def test_remind_at_an_hour_is_still_the_hour() -> None:
    (command,) = parse("remind Kumar at 5", NOW)
    assert command.entities["when"][11:13] == "17"


def test_so_much_each_is_no_goods_on_a_bill() -> None:
    (bill,) = parse("bill for Nasreen, 5 kg atta at 42 a kilo and 2 soaps at 30 each", NOW)
    assert [item["product"] for item in bill.entities["items"]] == ["atta", "soap"]


@pytest.mark.parametrize(
    "text",
    [
        "Munna ka phone band aa raha hai, teen baar kiya",
        "सोहन ने 2 बार 200 दिए, जमा कर दो",
        "Sunny from flat 302 took groceries worth 675, put it on his account",
        "Joy, Hope and Faith each took a 50 rupee recharge, put 50 on all three",
        "Naveen paid 1000, hmm, I mean, not 1000",
        "Anil took 3 biscuit packets at 45, put it on his khata",
    ],
)
def test_nothing_is_written_when_it_is_not_sure(text: str) -> None:
    assert acted(text) == []


def test_all_three_with_no_names_said_is_still_the_last_three() -> None:
    (command,) = parse("send a reminder to all three on Friday", NOW)
    assert (command.entities["customer_ref"], command.decision) == ("recent:3", Decision.ACT)
