"""Rules batch 25 led to: who is the customer - a relative, a description, "wahi jo kal aaya
tha", one of two people with the same first name ask whose khata it is; names that hold a
word (Makhan Singh, Chameli Das) are whole."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW


def decisions(text: str) -> list[Decision]:
    return [c.decision for c in parse(text, NOW) if c.writes]


@pytest.mark.parametrize(
    "text",
    [
        "Pinky ki mummy ne 300 diye",
        "Ramesh's wife took 200 worth of stuff, write it down",
        "uske papa ne 500 diye",
        "her mother paid 500",
        "सुरेश की बीवी को 250 का सामान दिया, लिख लो",
        "chashme wale uncle ka 150 udhaar likho",
        "Mumbai wale bhaiya ko 700 ka udhaar",
        "the new boy paid 300",
        "wahi jo kal aaya tha uska 250 likh do",
        "वही आंटी जो परसों आई थीं उनका 100 जमा करो",
        "Raju Yadav aur Raju Sharma aaye the, Raju ne 400 diye",
        "Raju Nair and Raju Menon were here, Raju paid 400",
    ],
)
def test_someone_told_by_a_relation_or_a_description_asks_whose(text: str) -> None:
    assert decisions(text) == [Decision.ASK]


@pytest.mark.parametrize(
    "text",
    [
        "Pinky ki mummy ne Pinky ke khate mein 300 diye",
        "Ramesh's son came and took stuff for 200 add 200 to Ramesh's account",
        "Raju ne 400 diye",
    ],
)
def test_whose_khata_said_outright_is_written(text: str) -> None:
    assert decisions(text) == [Decision.ACT]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Makhan Singh ko 2 packet makhan ka bill bana do", "Makhan Singh"),
        ("open a new account for Chameli Das", "Chameli Das"),
    ],
)
def test_a_name_that_holds_a_word_is_whole(text: str, name: str) -> None:
    (command,) = parse(text, NOW)
    assert command.entities["customer"] == name


@pytest.mark.parametrize(
    "text",
    [
        "Kamla ka 400 udhaar to likh diya tha, Vimla ka 300 likho udhaar",
        "Lalit ne 450 diye the woh likh diya tha, Mohit ko 120 udhaar",
    ],
)
def test_an_entry_already_written_is_not_written_again(text: str) -> None:
    assert decisions(text) == [Decision.SKIP, Decision.ACT]


def test_one_called_bijli_who_gives_is_a_person() -> None:
    commands = parse("बादल ने १८० का सामान लिया, बिजली ने १८० दे दिए", NOW)
    assert [(c.intent.value, c.entities["customer"]) for c in commands] == [
        ("ADD_CREDIT", "बादल"),
        ("RECORD_PAYMENT", "बिजली"),
    ]


def test_usi_is_the_same_one() -> None:
    commands = parse("सत्तू ने २५० का सामान उठाया और १०० उसी ने दे भी दिए", NOW)
    assert [c.entities.get("customer") for c in commands] == ["सत्तू", "सत्तू"]
