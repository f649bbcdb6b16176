"""Rules batch 45 led to: "dekho" / "देखो" (look) before a name is no part of it; "wait, the
amount is wrong" said with no comma after a write still holds it."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("dekho Shekhawat ji ne 2000 diye cash mein", "Shekhawat"),
        ("देखो फुकन जी ने 1500 दिए कैश में", "फुकन"),
        ("dekhiye Gupta ji ne 500 diye", "Gupta"),
    ],
)
def test_look_is_no_part_of_the_name(text: str, name: str) -> None:
    [(_, customer, _)] = acted(text)
    assert customer == name


@pytest.mark.parametrize(
    "text",
    [
        "record 600 from Prem wait the amount is wrong",
        "Prem ka 600 jama karo ruko amount galat hai",
    ],
)
def test_a_wrong_amount_said_with_no_comma_asks(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.decision, command.reason) == (Decision.ASK, "correction")


def test_a_trailing_wait_alone_still_writes() -> None:
    assert acted("Rahul ko 500 likho ruko") == [("ADD_CREDIT", "Rahul", 500)]
