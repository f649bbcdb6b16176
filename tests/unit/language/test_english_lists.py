"""English lists of customers ("to both Rahul and Priya", "remind Raju and Meena on Monday")
and a statement that begins with its customer's name ("Rekha has paid …")."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW, heard


def written(text: str) -> list[tuple[str, str | None, object]]:
    """(intent, customer, amount or time) of every command carried out."""
    return [
        (
            c.intent.value,
            c.entities.get("customer"),
            c.entities.get("amount", c.entities.get("when")),
        )
        for c in parse(text, NOW)
        if c.decision is Decision.ACT
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("add 100 to both Rahul and Priya", ["Rahul", "Priya"]),
        ("add 100 to Mr Sharma and Mrs Gupta", ["Sharma", "Gupta"]),
        ("add 100 to Rahul and Priya each", ["Rahul", "Priya"]),
    ],
)
def test_one_credit_to_each_name_of_an_english_list(text: str, names: list[str]) -> None:
    assert written(text) == [("ADD_CREDIT", name, 100) for name in names]


@pytest.mark.parametrize(
    ("text", "names", "when"),
    [
        ("remind Raju and Meena on Monday", ["Raju", "Meena"], "2025-01-20T10:00:00+05:30"),
        (
            "remind Mohan and Sonu day after tomorrow",
            ["Mohan", "Sonu"],
            "2025-01-17T10:00:00+05:30",
        ),
        (
            "remind Mr Sharma and Mrs Gupta tomorrow evening",
            ["Sharma", "Gupta"],
            "2025-01-16T18:00:00+05:30",
        ),
        (
            "remind Mr Sharma and Mrs Gupta tomorrow evening please",
            ["Sharma", "Gupta"],
            "2025-01-16T18:00:00+05:30",
        ),
        ("remind Salim and Rafiq on Friday yaar", ["Salim", "Rafiq"], "2025-01-17T10:00:00+05:30"),
    ],
)
def test_a_list_may_end_in_a_time(text: str, names: list[str], when: str) -> None:
    assert [(c[1], c[2]) for c in written(text)] == [(n, when) for n in names]


def test_a_name_then_a_verb_is_a_new_command_not_a_list() -> None:
    assert written("add 60 to Nisha and Farhan paid 90") == [
        ("ADD_CREDIT", "Nisha", 60),
        ("RECORD_PAYMENT", "Farhan", 90),
    ]


@pytest.mark.parametrize(
    "text", ["Rekha has paid two thousand five hundred", "Priya has paid fifteen hundred"]
)
def test_a_statement_that_begins_with_its_name_is_no_question(text: str) -> None:
    assert heard(text)[:2] == (Intent.RECORD_PAYMENT, Decision.ACT)


def test_has_first_still_asks() -> None:
    assert heard("has Rekha paid 2500?")[1] is Decision.SKIP


@pytest.mark.parametrize(
    ("text", "written_"),
    [
        (
            "Ramesh took 300 and Suresh took 200",
            [("ADD_CREDIT", "Ramesh", 300), ("ADD_CREDIT", "Suresh", 200)],
        ),
        ("Priyanka Das paid 800 on PhonePe", [("RECORD_PAYMENT", "Priyanka Das", 800)]),
        ("sunny ko 500 likho", [("ADD_CREDIT", "Sunny", 500)]),
        ("write 60, not 600, for Rahul's credit", [("ADD_CREDIT", "Rahul", 60)]),
        ("add 100, not 200, to Rahul", [("ADD_CREDIT", "Rahul", 100)]),
        ("Rahul ko 300 likho, nahi 30", [("ADD_CREDIT", "Rahul", 30)]),
    ],
)
def test_who_took_and_which_number_stands(text: str, written_: list[tuple[str, str, int]]) -> None:
    assert written(text) == written_


def test_the_number_rejected_asks_when_it_was_the_one_said() -> None:
    assert written("add 600 to Rahul, not 600") == []
