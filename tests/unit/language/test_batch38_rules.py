"""Rules batch 38 led to: entries taken back in the same breath ("sab chhodo", "cancel that",
"kuch mat likho", "Irani ka cancel") are never run; "ulta" (the other way round) and a
correction with nothing in it ask; a pronoun after two people, or after someone came with
someone, asks; a later sum refused makes the first ask; a quantity corrected in a bill asks;
a time said after a reminder is its time."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW


def decisions(text: str) -> list[tuple[object, object, Decision]]:
    return [
        (c.entities.get("customer"), c.entities.get("amount"), c.decision)
        for c in parse(text, NOW)
        if c.writes
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Jugnu ko 250 udhaar, Sagar ke 400 jama, dono likh do, nahi ruko, sab chhodo",
        "Swain ka udhaar 300, Nayak ka 200, dono galat hai, rehne do abhi",
        "Dutta's payment of 500, cancel that",
        "राउत को 300 और बिस्वाल को 200 उधार लिखना था, पर दोनों ने अभी कैश दे दिया, तो कुछ मत लिखो",
        "Rahul ko 500 likho, vo mat likho",
    ],
)
def test_entries_taken_back_in_the_same_breath_are_skipped(text: str) -> None:
    said = decisions(text)
    assert said and all(d is Decision.SKIP for *_, d in said)


def test_a_cancel_naming_one_customer_takes_back_only_theirs() -> None:
    said = decisions("Wadia ko 600 udhaar, Irani ko 400, Irani ka cancel")
    assert said == [("Wadia", 600, Decision.ACT), ("Irani", 400, Decision.SKIP)]


def test_a_cancel_of_an_earlier_task_is_still_a_cancel() -> None:
    commands = parse("Rahul ko 500 likho, aur pichla wala cancel karo", NOW)
    assert [c.decision for c in commands] == [Decision.ACT, Decision.ACT]


@pytest.mark.parametrize(
    "text",
    [
        "खत्री को 450 उधार और ओबेरॉय के 450 जमा, नहीं उल्टा कर दो",
        "Rahul ko 300 udhaar, Priya se 200 jama, other way round",
        "add 500 credit for Vikram, no wait the amount is wrong",
        "Memon ke 400 aur Bohra ke 300 jama karo, aur usko kal ka reminder bhi bhejo",
        "बद्री सरजू के साथ आया था, उसने पांच सौ दिए",
        "Wadia ko 600 udhaar, Irani ko 400, Irani ka cancel, aur Wadia ka 600 nahi 650",
        "सलाथिया का बिल बनाओ, पांच पैकेट बिस्कुट, नहीं, पांच नहीं छह, और एक लीटर तेल",
        "Open an account for Rosario Vaz, no, wait, she already has one",
    ],
)
def test_what_is_unsure_after_a_correction_is_never_written(text: str) -> None:
    assert all(d is not Decision.ACT for *_, d in decisions(text)[-1:])
    assert Decision.ASK in [d for *_, d in decisions(text)]


def test_tea_is_no_six_in_a_bill() -> None:
    [bill] = parse("Raghav ka bill banao 1 kilo cheeni aur 2 packet chai", NOW)
    assert bill.decision is Decision.ACT


def test_a_name_said_again_after_someone_came_with_someone_stands() -> None:
    assert decisions("लकी आया था अपने भाई के साथ, लकी के नाम 450 लिखो") == [("लकी", 450, Decision.ACT)]


@pytest.mark.parametrize(
    "text",
    [
        "Rahul ko kal ka reminder bhej do, shaam ko",
        "Rahul ko kal ka reminder bhej do, subah nahi shaam ko",
    ],
)
def test_a_time_after_a_reminder_is_its_time(text: str) -> None:
    [reminder] = parse(text, NOW)
    assert reminder.entities["when"] == "2025-01-16T18:00:00+05:30"
