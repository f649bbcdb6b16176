"""Rules batch 33 led to: a rate ("70 ke bhaav se") is no entry and "bhaav" nobody's name; a
customer disputing the entry ("nahi bhaiya, maine 500 diye the") holds it; "ben" after a
name is the Gujarati honorific, "Ben" a name."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


def test_a_rate_is_no_entry_and_no_name() -> None:
    commands = parse("Jagdish ko 140 ka udhaar, do kilo chawal 70 ke bhaav se", NOW)
    assert [c.entities.get("customer") for c in commands] == ["Jagdish"]
    assert all(c.entities.get("amount") != 70 for c in commands)


@pytest.mark.parametrize(
    "text",
    [
        "Neha paid 400, mark it. No bhaiya, I gave 500, not 400",
        "अमित को 400 उधार लिखो, नहीं भैया 300 का ही सामान लिया है मैंने",
        "put 400 on Asha. No uncle, I only took 300 worth",
    ],
)
def test_a_customer_disputing_the_entry_holds_it(text: str) -> None:
    assert acted(text) == []
    assert any(c.decision is Decision.ASK for c in parse(text, NOW))


def test_the_shopkeepers_own_correction_still_corrects() -> None:
    assert acted("Neha ko 400 likho, nahi nahi 500") == [("ADD_CREDIT", "Neha", 500)]


def test_ben_after_a_name_is_an_honorific_and_alone_a_name() -> None:
    assert [c.entities.get("customer") for c in parse("गीता बेन को 500 लिखो", NOW)] == ["गीता"]
    assert acted("add 200 to both Ben and Jerry") == [
        ("ADD_CREDIT", "Ben", 200),
        ("ADD_CREDIT", "Jerry", 200),
    ]
