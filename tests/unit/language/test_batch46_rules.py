"""Rules batch 46 led to: a list of customers whose names may be more people than read asks;
"scratch" / "scrap" are a cancel; "…, cancel that whole entry" takes back the entry just
said, and after a write already held it cancels no other task."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    "text",
    [
        "Gulshan Shaukat aur Salim dono ko 300 udhaar",  # two people, or three?
        "add 80 each to Pinky Dolly and Sunny",  # "Sunny" is a word the vocabulary knows
    ],
)
def test_a_list_that_may_hold_more_people_asks(text: str) -> None:
    commands = parse(text, NOW)
    assert acted(text) == []
    assert {(c.decision, c.reason) for c in commands} == {(Decision.ASK, "customer")}


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Ramesh Kumar aur Suresh dono ko 100 udhaar", ["Ramesh Kumar", "Suresh"]),
        ("add 100 to Mr Sharma and Mrs Gupta", ["Sharma", "Gupta"]),
    ],
)
def test_a_family_name_closes_a_name_of_the_list(text: str, names: list[str]) -> None:
    assert [customer for _, customer, _ in acted(text)] == names


@pytest.mark.parametrize(
    "text",
    [
        "Sanjay and Mohan both took 250 on credit, scratch Mohan's",
        "Sanjay and Mohan both took 250 on credit, scrap Mohan's",
    ],
)
def test_scratch_takes_back_one_customers_entry(text: str) -> None:
    assert acted(text) == [("ADD_CREDIT", "Sanjay", 250)]


@pytest.mark.parametrize(
    "text",
    ["Dolly gave 200, hang on, scratch that whole entry", "Dolly gave 200, cancel that entry"],
)
def test_the_entry_just_said_is_taken_back(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.intent, command.decision) == (Intent.RECORD_PAYMENT, Decision.SKIP)


def test_a_take_back_after_a_held_write_cancels_no_task() -> None:
    text = "Put 350 on Mr. Jacob's account... no, not on his account, scrap it"
    assert [c.intent for c in parse(text, NOW)] == [Intent.ADD_CREDIT]


def test_scrap_that_alone_is_a_cancel() -> None:
    assert [c.intent for c in parse("scrap that", NOW)] == [Intent.CANCEL_TASK]
