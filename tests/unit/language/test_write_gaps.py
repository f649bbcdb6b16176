"""Writes that must ask rather than guess: a miscounted group, a number change with no
number, a time given in the clause after a reminder, a corrected period keeping its day."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW


def decisions(text: str) -> list[tuple[str, Decision]]:
    return [(c.intent.value, c.decision) for c in parse(text, NOW)]


@pytest.mark.parametrize(
    "text",
    [
        "Rahul, Priya, teeno ko 100 udhaar likho",
        "Rahul, Priya, Amit dono ko 100 likho",
        "राहुल, प्रिया, तीनों को 100 उधार लिखो",
    ],
)
def test_a_group_word_that_miscounts_the_names_asks(text: str) -> None:
    said = decisions(text)
    assert said and all(d is Decision.ASK for _, d in said)


def test_a_group_word_that_counts_the_names_writes_to_each() -> None:
    commands = parse("Tanvir, Salim, Govind, teeno ka 60 likh do", NOW)
    assert [c.entities["customer"] for c in commands] == ["Tanvir", "Salim", "Govind"]
    assert all(c.decision is Decision.ACT for c in commands)


@pytest.mark.parametrize(
    "text", ["Rahul ka number badlo", "राहुल का नंबर बदलो", "Update Babloo's phone number"]
)
def test_a_number_change_with_no_number_asks(text: str) -> None:
    assert decisions(text) == [("UPDATE_CUSTOMER_PHONE", Decision.ASK)]


def test_a_number_change_with_its_number_is_carried_out() -> None:
    (command,) = parse("Rahul ka number 98765 43210 kar do", NOW)
    assert command.decision is Decision.ACT
    assert command.entities["phone"] == "9876543210"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("सोनू के रिमाइंडर का टाइम बदलो, 1 तारीख को कर दो", "2025-02-01T10:00:00+05:30"),
        ("Rahul ka reminder badlo, Friday ko kar do", "2025-01-17T10:00:00+05:30"),
    ],
)
def test_a_time_in_the_next_clause_is_the_reminders(text: str, when: str) -> None:
    (command,) = parse(text, NOW)
    assert command.intent is Intent.MODIFY_REMINDER
    assert command.to_json()["entities"]["when"] == when


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("remind Kavita tomorrow morning, no, evening", "2025-01-16T18:00:00+05:30"),
        ("Rahul ko parso subah yaad dilana, nahi nahi, shaam 5 baje", "2025-01-17T17:00:00+05:30"),
        ("remind Kavita tomorrow morning, no, Friday evening", "2025-01-17T18:00:00+05:30"),
    ],
)
def test_a_corrected_hour_keeps_the_day_said_before(text: str, when: str) -> None:
    (command,) = parse(text, NOW)
    assert command.decision is Decision.ACT
    assert command.to_json()["entities"]["when"] == when
