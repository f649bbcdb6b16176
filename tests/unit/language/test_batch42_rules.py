"""Rules batch 42 led to: a name from a story clause never takes another customer's entry;
a pronoun after two people who came, after "vo jo … aaya tha" or after a name heard only in
an aside asks; "which Kiran?" unanswered asks; a child sent is no payment; a sum no entity
took from a reminder asks; "move it to Friday" after a reminder moves it."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    ("text", "entries"),
    [
        (
            "Rinku ko Tanu ne bheja tha, Tanu ke khate mein 120 likh do",
            [("ADD_CREDIT", "Tanu", 120)],
        ),
        (
            "Ghanshyam Ratan ke liye paise dene aaya tha, 400 Ratan ke khate mein jama karo",
            [("RECORD_PAYMENT", "Ratan", 400)],
        ),
        (
            "अमर और अकबर दोनों आए थे, अमर ने 400 दिए, उसका 100 उधार भी लिखो",
            [("RECORD_PAYMENT", "अमर", 400)],
        ),
        (
            "Heera ji ko 150 udhaar, Sona ko 80 udhaar",
            [("ADD_CREDIT", "Heera", 150), ("ADD_CREDIT", "Sona", 80)],
        ),
    ],
)
def test_only_the_entry_sure_of_its_customer_is_written(text: str, entries: list[object]) -> None:
    assert acted(text) == entries


@pytest.mark.parametrize(
    "text",
    [
        "वो जो कल बाइक पे आया था, उसका 300",
        "Dolly came in the morning, she paid 350, also write 100 credit for her",
        "कौन सी किरण? किरण मैडम या किरण स्वीपर वाली? बस किरण का 400 लिखना है",
        "Shobha sent her son, 120 on Shobha's account",
        "remind Chand about his 700 day after tomorrow",
        "the flat upstairs, 250 on credit",
    ],
)
def test_whose_or_what_is_not_sure_so_nothing_is_written(text: str) -> None:
    assert acted(text) == []


def test_a_reminder_moved_in_the_next_clause_is_a_change() -> None:
    [command] = parse("Pereira's reminder, move it to Friday 5 pm", NOW)
    assert (command.intent, command.entities["when"]) == (
        Intent.MODIFY_REMINDER,
        "2025-01-17T17:00:00+05:30",
    )


def test_minutes_and_dates_in_a_reminder_are_no_sum() -> None:
    [command] = parse("Kishore ko 30 minute baad remind karo", NOW)
    assert command.decision is Decision.ACT


@pytest.mark.parametrize(
    "text", ["aur 5 minutes add kare", "Timer ko restart kare aur usme 5 minutes add kare ."]
)
def test_adding_minutes_to_a_timer_is_no_new_customer(text: str) -> None:
    assert [c.intent for c in parse(text, NOW)] == [Intent.UNKNOWN]


@pytest.mark.parametrize(
    "text",
    [
        "achha mama se 20,000 liye the, lauta diye, aur Barkat Ali ka saade teen sau udhaar likh do",
        "चमन को 500 लिख दो, रुको, गलत बोला please",
        "Put 100 each for the two of them, or was it three of them? I don't remember, dhanyavaad",
    ],
)
def test_a_word_before_or_after_changes_nothing_that_is_written(text: str) -> None:
    assert ("RECORD_PAYMENT", "Mama", 20000) not in acted(text)
    assert all(amount not in (500, 100) for _, _, amount in acted(text))


def test_pehle_then_phir_is_an_order_not_already() -> None:
    commands = parse("pehle naya customer Rahul banao, phir uska 500 udhaar likho", NOW)
    assert [c.decision for c in commands] == [Decision.ACT, Decision.ACT]
    [asked] = parse("Rahul ka khata pehle se hai, naya khata banao", NOW)
    assert asked.decision is Decision.ASK
