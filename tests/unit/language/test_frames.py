"""A belief or a report around an utterance, and a take-back at its end, hold its writes."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    "text",
    [
        "mujhe laga ki Rahul ne 300 diye",
        "मुझे लगा राहुल ने 300 रुपये जमा किए",
        "I thought Joseph took 5k worth of groceries",
    ],
)
def test_a_belief_asks(text: str) -> None:
    assert acted(text) == []
    assert {(c.decision, c.reason) for c in parse(text, NOW)} == {(Decision.ASK, "unsure")}


@pytest.mark.parametrize(
    "text",
    [
        "Mohan bol raha tha ki Rahul ko 100 aur Priya ko 50 udhaar likho",
        "मोहन कह रहा था कि प्रिया ने 200 दिए और 300 का सामान लिया",
        "Mohan told me Priya paid 200 and took 300 on credit",
        "Rahul ko 100 aur Priya ko 50 udhaar likho - aisa bola tha usne",
    ],
)
def test_a_report_around_everything_writes_nothing(text: str) -> None:
    assert acted(text) == []


def test_the_speakers_own_order_after_a_report_stands() -> None:
    text = "राकेश बोल रहा था उसने कल 500 गूगल पे कर दिए, और मुकेश को 150 उधार"
    assert acted(text) == [("ADD_CREDIT", "मुकेश", 150)]


@pytest.mark.parametrize(
    "text",
    [
        "Rahul ko ₹100 dena, Priya ko ₹50 dena, mat likhna",
        "Priya ko 200 udhaar likho aur uska balance batao, mat likhna",
        "Priya paid 200 and took 300 on credit, don't write it",
    ],
)
def test_a_take_back_at_the_end_writes_nothing(text: str) -> None:
    assert acted(text) == []


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Rahul ko 100 likho, Priya ko mat likhna", [("ADD_CREDIT", "Rahul", 100)]),
        (
            "Rodrigues paid 500, write it, but Lobo's 300 credit, don't write that yet",
            [("RECORD_PAYMENT", "Rodrigues", 500)],
        ),
    ],
)
def test_a_take_back_of_one_leaves_the_others(text: str, written: list[object]) -> None:
    assert acted(text) == written
