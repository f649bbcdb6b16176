"""Rules batches 47 and 48 led to: an entry told as done and, with no comma, a reminder for the
same person are two commands; "kal ka tha, Friday kar do" moves a reminder to the later time;
"…, 600 each" is the sum of each reminder; "register X" makes a new customer."""

from __future__ import annotations

import pytest

from domain.intents import Intent
from domain.language import parse
from tests.unit.language.conftest import NOW, said


@pytest.mark.parametrize(
    ("text", "entry", "when"),
    [
        (
            "Debashis ne 700 diye usko kal shaam baaki ka reminder bhej dena",
            ("RECORD_PAYMENT", {"customer": "Debashis", "amount": 700}),
            "2025-01-16T18:00:00+05:30",
        ),
        (
            "Sunder took 1800 on credit remind him on Tuesday",
            ("ADD_CREDIT", {"customer": "Sunder", "amount": 1800}),
            "2025-01-21T10:00:00+05:30",
        ),
        (
            "शबनम ने 500 दिए उसको 3 घंटे बाद बाकी का रिमाइंडर भेज देना",
            ("RECORD_PAYMENT", {"customer": "शबनम", "amount": 500}),
            "2025-01-15T13:00:00+05:30",
        ),
    ],
)
def test_an_entry_then_a_reminder_are_two_commands(
    text: str, entry: tuple[str, dict[str, object]], when: str
) -> None:
    customer = entry[1]["customer"]
    assert said(text) == [entry, ("CREATE_REMINDER", {"customer": customer, "when": when})]


def test_the_rest_owed_goes_with_the_reminder() -> None:
    text = "Dominic ne 500 diye baaki 300 ka kal reminder bhej do"
    assert said(text) == [
        ("RECORD_PAYMENT", {"customer": "Dominic", "amount": 500}),
        (
            "CREATE_REMINDER",
            {"customer": "Dominic", "amount": 300, "when": "2025-01-16T10:00:00+05:30"},
        ),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Tara ne 300 diye, Sitara ne 300 ya 400 diye yaad nahi",
        "Duarah paid 700 or 900 I don't remember record it",
    ],
)
def test_not_remembering_is_no_reminder(text: str) -> None:
    assert Intent.CREATE_REMINDER not in [c.intent for c in parse(text, NOW)]


@pytest.mark.parametrize(
    "text",
    [
        "Sahdev ka reminder kal ka tha usko Friday kar do",
        "भोला का रिमाइंडर कल वाला शुक्रवार कर दो",
    ],
)
def test_the_time_before_was_is_the_old_one(text: str) -> None:
    [(intent, entities)] = said(text)
    assert (intent, entities["when"]) == ("MODIFY_REMINDER", "2025-01-17T10:00:00+05:30")


def test_each_gives_every_reminder_its_sum() -> None:
    text = "send a reminder to Sheela and Radhika day after tomorrow at 11, 600 each"
    assert [e.get("amount") for _, e in said(text)] == [600, 600]


def test_register_makes_a_customer() -> None:
    text = "register Hiranya Bora phone nine eight five four zero one two three four five"
    assert said(text) == [("CREATE_CUSTOMER", {"customer": "Hiranya Bora", "phone": "9854012345"})]
