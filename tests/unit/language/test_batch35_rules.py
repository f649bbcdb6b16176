"""Rules batch 35 led to: "ruko, galat bola" after a write asks, never runs it and cancels;
"you can pay the 350 next week" is asked of the customer, not received; a new number said
in the clause after a number change is that change's; "undo it, it was wrong" undoes."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW


@pytest.mark.parametrize(
    "text",
    [
        "चमन को 500 लिख दो, रुको, गलत बोला",
        "Chaman ko 500 likh do, ruko, galat bola",
        "Sanjay ka 700 jama karo, naam galat bola maine",
    ],
)
def test_said_wrong_after_a_stop_asks(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.writes, command.decision) == (True, Decision.ASK)


@pytest.mark.parametrize(
    "text",
    ["Aunty, you can pay the remaining 350 next week", "ma'am you can pay the 600 on Saturday"],
)
def test_money_asked_of_the_customer_for_later_is_not_received(text: str) -> None:
    assert all(c.decision is not Decision.ACT for c in parse(text, NOW))


def test_a_payment_said_beside_is_still_received() -> None:
    [command] = parse("Rahul paid me 500 today", NOW)
    assert (command.intent, command.entities["amount"], command.decision) == (
        Intent.RECORD_PAYMENT,
        500,
        Decision.ACT,
    )


@pytest.mark.parametrize(
    "text",
    [
        "हरिप्रसाद का मोबाइल नंबर बदलो, नया नंबर 8899001122",
        "Hariprasad ka mobile number badlo, naya number 8899001122",
    ],
)
def test_the_new_number_in_the_next_clause_is_the_change(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.intent, command.entities.get("phone"), command.decision) == (
        Intent.UPDATE_CUSTOMER_PHONE,
        "8899001122",
        Decision.ACT,
    )


@pytest.mark.parametrize("text", ["Undo that last entry, it was wrong", "आखिरी एंट्री हटाओ, गलत थी"])
def test_wrong_is_the_reason_to_undo(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.intent, command.decision) == (Intent.UNDO_LAST_ENTRY, Decision.ACT)


def test_wrong_after_a_write_still_asks() -> None:
    [command] = parse("Rahul ko 300 likho, galat thi", NOW)
    assert command.decision is Decision.ASK


@pytest.mark.parametrize(
    "text", ["मदद चाहिए, क्या क्या बोल सकते हैं", "aaj ki kamai kitni hui abhi tak, din bhar bheed thi"]
)
def test_a_read_is_never_held_by_the_clause_after_it(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.writes, command.decision) == (False, Decision.ACT)
