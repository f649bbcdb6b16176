"""The routine grammar (README "Routines"): create, change, delete, list and run by name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from domain.intents import Intent
from domain.language import parse
from domain.language.routines import routine_command
from domain.routines import InvalidRoutine, checked, routine_key, split_steps

NOW = datetime.fromisoformat("2026-11-25T10:00:00+05:30")
STEPS = ["balance batao", "100 udhaar likho", "kal shaam reminder"]


@pytest.mark.parametrize(
    ("text", "intent", "entities"),
    [
        (
            "Rahul routine banao: balance batao, 100 udhaar likho, kal shaam reminder",
            Intent.CREATE_ROUTINE,
            {"routine": "Rahul", "steps": STEPS},
        ),
        (
            "Rahul routine banao balance batao, 100 udhaar likho, kal shaam reminder",
            Intent.CREATE_ROUTINE,
            {"routine": "Rahul", "steps": STEPS},
        ),
        (
            "subah wala routine bana do: kul kitna baaki hai; aaj ka hisaab",
            Intent.CREATE_ROUTINE,
            {"routine": "subah", "steps": ["kul kitna baaki hai", "aaj ka hisaab"]},
        ),
        (
            "create a routine called morning: total pending, list reminders",
            Intent.CREATE_ROUTINE,
            {"routine": "morning", "steps": ["total pending", "list reminders"]},
        ),
        (
            "Rahul routine badlo: balance batao",
            Intent.CHANGE_ROUTINE,
            {"routine": "Rahul", "steps": ["balance batao"]},
        ),
        (
            "change the morning routine to: daily summary",
            Intent.CHANGE_ROUTINE,
            {"routine": "morning", "steps": ["daily summary"]},
        ),
        ("Rahul routine delete karo", Intent.DELETE_ROUTINE, {"routine": "Rahul"}),
        ("subah wala routine hata do", Intent.DELETE_ROUTINE, {"routine": "subah"}),
        ("delete the morning routine", Intent.DELETE_ROUTINE, {"routine": "morning"}),
        ("routines batao", Intent.LIST_ROUTINES, {}),
        ("sare routine dikhao", Intent.LIST_ROUTINES, {}),
        ("kaun se routine hain", Intent.LIST_ROUTINES, {}),
        ("list my routines", Intent.LIST_ROUTINES, {}),
        ("Rahul routine", Intent.RUN_ROUTINE, {"routine": "Rahul"}),
        ("Rahul routine.", Intent.RUN_ROUTINE, {"routine": "Rahul"}),
        ("Rahul ka routine chalao", Intent.RUN_ROUTINE, {"routine": "Rahul"}),
        ("subah wala routine chalao", Intent.RUN_ROUTINE, {"routine": "subah"}),
        ("run the morning routine", Intent.RUN_ROUTINE, {"routine": "morning"}),
        ("राहुल रूटीन चलाओ", Intent.RUN_ROUTINE, {"routine": "राहुल"}),
        (
            "iska routine chalao",
            Intent.RUN_ROUTINE,
            {"routine": None, "customer_ref": "active"},
        ),
        (
            "iska subah wala routine chalao",
            Intent.RUN_ROUTINE,
            {"routine": "subah", "customer_ref": "active"},
        ),
        ("run his routine", Intent.RUN_ROUTINE, {"routine": None, "customer_ref": "active"}),
    ],
)
def test_routine_commands(text: str, intent: Intent, entities: dict[str, Any]) -> None:
    [command] = parse(text, NOW)
    assert (command.intent, command.entities) == (intent, entities)


@pytest.mark.parametrize(
    "text",
    [
        "Rahul ka balance batao",
        "Rahul routine ke baare mein kya socha",
        "iska routine delete karo",  # a delete names the routine
        "100 udhaar likho",
    ],
)
def test_not_a_routine_command(text: str) -> None:
    assert routine_command(text) is None


def test_a_routine_is_never_split_into_its_steps() -> None:
    commands = parse("Rahul routine banao: Rahul ko 5000 udhaar likho aur phir balance", NOW)
    assert [c.intent for c in commands] == [Intent.CREATE_ROUTINE]


def test_names_match_loosely_and_bounds_hold() -> None:
    assert routine_key("Subah wala") == routine_key("subah") == "subah"
    assert routine_key("the Morning routine") == "morning"
    assert split_steps("a, b; c\nd । e") == ["a", "b", "c", "d", "e"]
    assert checked(" Rahul ", [" balance  batao ", ""]).steps == ("balance batao",)
    with pytest.raises(InvalidRoutine):
        checked("wala", ["balance batao"])
    with pytest.raises(InvalidRoutine):
        checked("Rahul", [])
    with pytest.raises(InvalidRoutine):
        checked("Rahul", ["x"] * 11)
