"""SEND_STATEMENT: the statement word and a sending verb; showing it stays a balance check."""

from __future__ import annotations

import pytest

from domain.language import parse
from tests.unit.language.conftest import NOW, one


@pytest.mark.parametrize(
    "text",
    ["Rahul ko hisaab bhej do", "Rahul ko hisab bhejo", "Rahul ko whatsapp pe statement bhejo",
     "राहुल को हिसाब भेज दो", "send Rahul his statement", "Rahul ka hisaab share karo"],
)  # fmt: skip
def test_send_statement_variants(text: str) -> None:
    intent, entities = one(text)
    assert intent == "SEND_STATEMENT"
    assert entities["customer"] in {"Rahul", "राहुल"}


def test_without_a_name_it_is_the_customer_in_focus() -> None:
    assert one("uska hisaab bhej do") == ("SEND_STATEMENT", {"customer_ref": "active"})
    assert one("hisaab bhej do") == ("SEND_STATEMENT", {})


@pytest.mark.parametrize(
    ("text", "intent"),
    [("Rahul ka hisaab dikhao", "CHECK_BALANCE"), ("Rahul ko 500 bhej do", "ADD_CREDIT"),
     ("Rahul ko reminder bhej do", "CREATE_REMINDER")],
)  # fmt: skip
def test_neighbours_keep_their_intent(text: str, intent: str) -> None:
    assert one(text)[0] == intent


def test_a_negation_sends_nothing() -> None:
    (command,) = parse("Rahul ko hisaab mat bhejna", NOW)
    assert command.intent == "SEND_STATEMENT" and command.decision == "skip"
