"""Rules batches 49 to 51 led to: a past entry tagged "right" / "remember" is asked, not
dictated; "भूल गया" (forgot) asks for no reminder; "100 aur udhaar" is 100 more on credit;
"ले गई" after a payment is goods taken; Hindi speech-to-text's weekdays ("संडे"); change given
for a note is no entry; a customer named only in a report, a payer not understood before
"ne", a write beside a pronoun with nobody named: each asks; surnames that are words ("das",
"Ao")."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted, said


@pytest.mark.parametrize(
    "text",
    [
        "yesterday Bindu took 300 worth of stuff on credit right",
        "Ammini took 3000 worth last Onam, remember",
        "Rahul ne 500 diye the, yaad hai",
    ],
)
def test_a_past_entry_with_a_tag_is_asked_about(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.decision, command.reason) == (Decision.SKIP, "question")


def test_an_order_followed_by_right_still_writes() -> None:
    assert acted("Rahul ko 100 likho, right") == [("ADD_CREDIT", "Rahul", 100)]


def test_forgot_to_write_is_no_reminder() -> None:
    text = "ओमप्रकाश को छह सौ उधार दिया था लिखना भूल गया अब लिख दो और उसका बैलेंस बताओ"
    assert [intent for intent, _ in said(text)] == ["ADD_CREDIT", "CHECK_BALANCE"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("anmol ne 600 haath mein diye the aur usko 100 aur udhaar likh do", "Anmol"),
        ("नवनीत ने छह सौ हाथ में दिए थे और सौ रुपये और उधार लिख दो उसके", "नवनीत"),
    ],
)
def test_a_sum_and_more_on_credit(text: str, name: str) -> None:
    assert acted(text) == [("RECORD_PAYMENT", name, 600), ("ADD_CREDIT", name, 100)]


def test_goods_taken_after_a_payment_are_credit() -> None:
    text = "फूलमनी ने 400 दिए फिर 90 का साबुन ले गई"
    assert acted(text) == [("RECORD_PAYMENT", "फूलमनी", 400), ("ADD_CREDIT", "फूलमनी", 90)]


def test_an_english_weekday_in_devanagari_is_a_day() -> None:
    [(_, entities)] = said("संडे को राजदुलारी को याद दिलाना")
    assert entities == {"customer": "राजदुलारी", "when": "2025-01-19T10:00:00+05:30"}


@pytest.mark.parametrize(
    "text",
    [
        "Rukhsana ne 1000 ka note diya 700 ka saman liya, 300 lauta diye",  # change for a note
        "Hemant bol raha hai woh 300 wala saman usne liya hi nahi, last entry hata do",
        "badal ne 300 diye uske baad usko 200 ka naya saman diya wo udhaar likho",
        "बसवन्ना नया ग्राहक 9845012399 सात सौ उधार उसके नाम फिर कल का रिमाइंडर भी लगा दो",
    ],
)
def test_whose_it_is_not_sure_writes_nothing(text: str) -> None:
    assert acted(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("naya customer banao tanmoy das number 9832014567", "Tanmoy Das"),
        ("remind Imti Ao on Saturday evening about the 900", "Imti Ao"),
        ("Open an account for Hope Kharkongor. Her number is 87940 12553", "Hope Kharkongor"),
    ],
)
def test_a_surname_that_is_a_word(text: str, name: str) -> None:
    assert said(text)[0][1]["customer"] == name


def test_das_as_a_sum_stays_a_sum() -> None:
    assert acted("Rahul ko das rupaye udhaar") == [("ADD_CREDIT", "Rahul", 10)]


def test_a_timer_in_seconds_is_no_customer() -> None:
    assert said("30 seconds ko add kare") == [("UNKNOWN", {})]


def test_one_sec_holds_like_one_minute() -> None:
    [command] = parse("Kuldeep ka 900 jama karo, ek sec, 900 tha ya 950", NOW)
    assert (command.decision, command.reason) == (Decision.ASK, "correction")
