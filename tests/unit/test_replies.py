"""Every spoken reply is wholly in its language, and times are said as people say them."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from application import replies
from application.replies import (
    CANCEL_REASONS,
    DONE,
    FAILED,
    LANGUAGES,
    cancel_reason,
    reply_done,
    reply_failed,
)
from application.sessions import Session
from application.sessions import gate as resolution
from application.sessions.reminders import MESSAGE as REMINDER_MESSAGE
from application.spoken import spoken_time
from domain import errors, scheduling
from domain.intents import Decision
from domain.language import parse

IST = ZoneInfo("Asia/Kolkata")
NOW = datetime(2025, 1, 15, 10, 0, tzinfo=IST)  # a Wednesday

# English words that must never be heard in a Hinglish or Hindi reply. Loanwords every
# shopkeeper uses (balance, bill, stock, reminder, entry, cancel, phone) are not on it.
ENGLISH = frozenset(
    [
        "the",
        "a",
        "an",
        "was",
        "were",
        "is",
        "are",
        "am",
        "be",
        "been",
        "not",
        "no",
        "yes",
        "did",
        "does",
        "could",
        "would",
        "should",
        "will",
        "this",
        "that",
        "these",
        "those",
        "please",
        "sorry",
        "because",
        "found",
        "find",
        "for",
        "with",
        "from",
        "has",
        "have",
        "had",
        "already",
        "error",
        "invalid",
        "unknown",
        "too",
        "many",
        "much",
        "task",
        "tasks",
        "cancelled",
        "canceled",
        "failed",
        "failure",
        "customer",
        "customers",
        "amount",
        "spoken",
        "said",
        "depended",
        "depends",
        "on",
        "in",
        "at",
        "of",
        "to",
        "and",
        "or",
        "by",
        "it",
        "its",
        "you",
        "your",
        "i",
        "done",
        "made",
        "added",
        "recorded",
        "removed",
        "closed",
        "now",
        "today",
        "tomorrow",
        "morning",
        "evening",
        "night",
        "pm",
        "am",
        "there",
        "here",
        "what",
        "which",
        "who",
        "when",
        "time",
        "nothing",
        "something",
        "okay",
        "ok",
    ]
)
ISO_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}|\d{2}:\d{2}:\d{2}")
WORD = re.compile(r"[A-Za-z']+")

# A result with every field a template may use, as handlers return them.
RESULT: dict[str, Any] = {
    "name": "Rahul Sharma",
    "balance": 60000,
    "amount": 10000,
    "total": 210000,
    "sales": 50000,
    "payments_total": 20000,
    "new_credit": 10000,
    "phone": "9876543210",
    "entries": 3,
    "count": 2,
    "customers": 2,
    "due_at": "2025-01-16T19:00:00+05:30",
    "product": "milk",
    "unit": "packet",
    "stock": 50,
}
LIST_RESULTS: dict[str, dict[str, Any]] = {
    "LIST_REMINDERS": {
        "count": 2,
        "reminders": [
            {"name": "Rahul Sharma", "due_at": "2025-01-16T19:00:00+05:30"},
            {"name": "Priya Patel", "due_at": "2025-01-25T04:30:00+00:00"},
        ],
    },
    "CHECK_STOCK": {
        "products": [
            {"product": "milk", "unit": "packet", "stock": 50},
            {"product": "rice", "unit": "kg", "stock": 2.5},
        ]
    },
    "LIST_CUSTOMER_BALANCES": {
        "count": 1,
        "customers": [{"name": "Rahul Sharma", "balance": 50000}],
        "summary": "Rahul Sharma ₹500",
    },
}
NAMES = re.compile(r"Rahul|Sharma|Priya|Patel|milk|rice")


def every_error_code() -> set[str]:
    """The codes a task can fail with: domain errors, scheduling, the session's own."""
    codes: set[str] = set()
    pending: list[type[errors.DomainError]] = [errors.DomainError]
    while pending:
        kind = pending.pop()
        pending += kind.__subclasses__()
        if kind is not errors.DomainError:
            codes.add(kind.code)
    codes |= {
        scheduling.DEPENDENCY_FAILED,
        scheduling.DEPENDENCY_CANCELLED,
        scheduling.DEPENDENCY_INVALID,
    }
    codes |= {"not_understood", "internal_error", "clarification_timeout", "rate_limited"}
    codes |= {"nothing_to_cancel", "confirmation_timeout"}
    return codes


def language_tables() -> list[tuple[str, dict[str, str]]]:
    """Every template table keyed by the three languages, in the modules that speak."""
    found: list[tuple[str, dict[str, str]]] = []
    for module in (replies, resolution):
        for name, value in vars(module).items():
            if not isinstance(value, dict):
                continue
            if set(value) == set(LANGUAGES):
                found.append((f"{module.__name__}.{name}", value))
            for key, inner in value.items():
                if isinstance(inner, dict) and set(inner) == set(LANGUAGES):
                    found.append((f"{module.__name__}.{name}[{key}]", inner))
    found.append(("reminders.MESSAGE", REMINDER_MESSAGE))
    # A button label in the issue's own words ("naya customer banaun?"), not a sentence.
    return [(where, table) for where, table in found if table is not replies.NEW_CUSTOMER]


def spoken_replies() -> list[tuple[str, str, str]]:
    """(where, language, text) for every reply key and error code, filled in."""
    out: list[tuple[str, str, str]] = []
    for language in LANGUAGES:
        for intent in DONE:
            result = LIST_RESULTS.get(intent, RESULT)
            out.append((intent, language, reply_done(intent, result, language, now=NOW)))
        late = reply_done("ADD_CREDIT", RESULT | {"late_cancel": True}, language, now=NOW)
        out.append(("late_cancel", language, late))
        for code in sorted(every_error_code() | set(FAILED)):
            message = "the task it depended on did not complete; no amount was spoken"
            out.append((code, language, reply_failed(code, message, language)))
        offered = reply_failed("customer_not_found", "x", language, suggestions=["Rahul", "Ravi"])
        out.append(("customer_not_found+suggestions", language, offered))
        for kind in CANCEL_REASONS:
            out.append((f"cancel:{kind}", language, cancel_reason(kind, language)))
    for where, table in language_tables():
        for language, template in table.items():
            phrases = template if isinstance(template, tuple) else (template,)
            out += [(where, language, phrase) for phrase in phrases]
    return out


def english_words(text: str) -> set[str]:
    bare = re.sub(r"\{[a-z_]+\}", " ", NAMES.sub(" ", text))  # placeholders of raw templates
    words = {w.lower().strip("'") for w in WORD.findall(bare)}
    return words & ENGLISH


@pytest.mark.parametrize("language", ["hinglish", "hi"])
def test_no_english_word_in_a_hinglish_or_hindi_reply(language: str) -> None:
    leaks = {
        (where, text): english_words(text)
        for where, spoken_in, text in spoken_replies()
        if spoken_in == language and english_words(text)
    }
    assert not leaks


def test_hindi_replies_are_mostly_devanagari() -> None:
    for where, language, text in spoken_replies():
        if language != "hi":
            continue
        bare = re.sub(r"\{[a-z_]+\}", " ", NAMES.sub(" ", text))
        letters = [c for c in bare if c.isalpha()]
        devanagari = [c for c in letters if "\u0900" <= c <= "\u097f"]
        assert not letters or len(devanagari) >= 0.8 * len(letters), (where, text)


def test_no_iso_timestamp_in_any_reply() -> None:
    for where, language, text in spoken_replies():
        assert not ISO_TIMESTAMP.search(text), (where, language, text)


def test_every_error_code_has_its_own_reply_in_each_language() -> None:
    missing = every_error_code() - set(FAILED)
    assert not missing
    for code in FAILED:
        assert set(FAILED[code]) == set(LANGUAGES), code


def test_the_english_error_message_is_never_spoken() -> None:
    message = "the task it depended on did not complete"
    for language in LANGUAGES:
        for code in [*FAILED, "some_new_code"]:
            assert message not in reply_failed(code, message, language)
    assert reply_failed("dependency_failed", message, "hinglish") == (
        "Pichla kaam nahi hua, isliye yeh bhi nahi kiya."
    )


@pytest.mark.parametrize(
    ("due", "hinglish", "english", "hindi"),
    [
        ("2025-01-16T19:00:00+05:30", "kal shaam 7 baje", "tomorrow at 7 pm", "कल शाम 7 बजे"),
        (
            "2025-01-17T10:00:00+05:30",
            "parso subah 10 baje",
            "the day after tomorrow at 10 am",
            "परसों सुबह 10 बजे",
        ),
        (
            "2025-01-15T13:30:00+05:30",
            "aaj dopahar 1:30 baje",
            "today at 1:30 pm",
            "आज दोपहर 1:30 बजे",
        ),
        ("2025-01-20T21:00:00+05:30", "somvar raat 9 baje", "Monday at 9 pm", "सोमवार रात 9 बजे"),
        (
            "2025-02-15T10:00:00+05:30",
            "15 February, subah 10 baje",
            "15 February at 10 am",
            "15 फ़रवरी, सुबह 10 बजे",
        ),
        # Stored in UTC, said in the shop's zone: 04:30 UTC is 10:00 in Kolkata.
        (
            "2025-01-25T04:30:00+00:00",
            "25 January, subah 10 baje",
            "25 January at 10 am",
            "25 जनवरी, सुबह 10 बजे",
        ),
        (
            "2025-01-16T12:00:00+05:30",
            "kal dopahar 12 baje",
            "tomorrow at 12 noon",
            "कल दोपहर 12 बजे",
        ),
    ],
)
def test_times_are_said_as_people_say_them(
    due: str, hinglish: str, english: str, hindi: str
) -> None:
    moment = datetime.fromisoformat(due)
    said = {language: spoken_time(moment, NOW, language) for language in LANGUAGES}
    assert said == {"hinglish": hinglish, "en": english, "hi": hindi}


def test_a_reminder_reply_says_when_in_words() -> None:
    result = {"name": "Rahul Sharma", "due_at": "2025-01-16T19:00:00+05:30"}
    assert reply_done("CREATE_REMINDER", result, "hinglish", now=NOW) == (
        "Rahul Sharma ka reminder kal shaam 7 baje ke liye set kar diya."
    )
    assert reply_done("CREATE_REMINDER", result, "en", now=NOW) == (
        "Reminder for Rahul Sharma set for tomorrow at 7 pm."
    )
    assert reply_done("CREATE_REMINDER", result, "hi", now=NOW) == (
        "Rahul Sharma का रिमाइंडर कल शाम 7 बजे के लिए लगा दिया।"
    )
    listed = reply_done("LIST_REMINDERS", LIST_RESULTS["LIST_REMINDERS"], "hinglish", now=NOW)
    assert listed == (
        "2 reminder baaki hain. Rahul Sharma kal shaam 7 baje, "
        "Priya Patel 25 January, subah 10 baje"
    )


def test_stock_is_said_with_the_languages_words() -> None:
    stock = LIST_RESULTS["CHECK_STOCK"]
    assert reply_done("CHECK_STOCK", stock, "hi") == "दूध 50 पैकेट, चावल 2.5 किलो"
    assert reply_done("CHECK_STOCK", stock, "hinglish") == "doodh 50 packet, chawal 2.5 kilo"
    assert reply_done("CHECK_STOCK", stock, "en") == "milk 50 packets, rice 2.5 kg"


def test_cancel_reasons_follow_the_language() -> None:
    assert cancel_reason("voice", "hinglish") == "Aapke kehne par roka."
    assert cancel_reason("user", "en") == "Cancelled by you."
    assert cancel_reason("whatever", "hi") == "यह काम रोका गया।"
    assert reply_done("CANCEL_TASK", {"count": 1}, "en") == "Cancelled 1 task."
    assert reply_done("CANCEL_TASK", {"count": 2}, "en") == "Cancelled 2 tasks."


def test_the_sessions_cancel_targets_are_documented() -> None:
    assert Session.targets_of.__doc__ and "pehla wala" in Session.targets_of.__doc__


@pytest.mark.parametrize(
    ("language", "said"),
    [("hinglish", "Number ke saath"), ("en", "with the number"), ("hi", "नंबर के साथ")],
)
def test_a_phone_change_without_a_number_says_to_say_the_number(language: str, said: str) -> None:
    reply = replies.reply_not_written(
        "UPDATE_CUSTOMER_PHONE", "Rahul", None, "no_phone", None, language
    )
    assert said in reply


def test_talk_to_the_customer_is_held_and_said_to_be_so() -> None:
    (command,) = parse("your total is 450, pay me tomorrow", NOW)
    assert (command.decision, command.reason) == (Decision.SKIP, "to_customer")
    reply = replies.reply_not_written(command.intent.value, None, None, command.reason, None, "en")
    assert "said to the customer" in reply
