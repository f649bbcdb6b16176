"""Rules batch 39 led to: "Bhatt" after a first name in the "naam …" slot is a surname, not
"baat" (talk), so a new customer's name and number stay one command."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("नया ग्राहक जोड़ो, नाम हार्दिक भट्ट, नंबर 9427 318 560", "हार्दिक भट्ट"),
        ("naya grahak jodo, naam Hardik Bhatt, number 9427318560", "Hardik Bhatt"),
    ],
)
def test_a_surname_that_reads_as_a_word_stays_in_the_new_name(text: str, name: str) -> None:
    [command] = parse(text, NOW)
    assert (command.intent, command.entities, command.decision) == (
        Intent.CREATE_CUSTOMER,
        {"customer": name, "phone": "9427318560"},
        Decision.ACT,
    )
