"""Rules batch 23 led to: the shopkeeper and the customer in one transcript - what is still
owed is no entry, an entry said twice is one, a write told to someone at the counter with no
name asks whose, "I paid" is not the shop's entry, "kisi ke khate mein" names no one."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


def test_the_same_entry_said_twice_is_one() -> None:
    assert acted("haan bhai Iqbal ne paytm kiya 420, Iqbal ke 420 jama") == [
        ("RECORD_PAYMENT", "Iqbal", 420)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sonu bhaiya ne 1000 diye, 500 baaki hai abhi unka",
        "Prakash paid 1000, he still owes 500",
    ],
)
def test_what_is_still_owed_is_no_entry(text: str) -> None:
    assert [a[2] for a in acted(text)] == [1000]


def test_the_rest_promised_for_later_is_held() -> None:
    commands = parse("कमलेश के 600 जमा करो, बाकी 400 अगले हफ्ते", NOW)
    assert [(c.entities.get("amount"), c.decision) for c in commands] == [
        (600, Decision.ACT),
        (400, Decision.SKIP),
    ]


@pytest.mark.parametrize(
    "text",
    ["haan haan likh diya, 180 ka saman hai", "हाँ लिख दिया 220", "yes yes, put it on the tab, 180"],
)
def test_a_write_told_to_someone_at_the_counter_with_no_name_asks_whose(text: str) -> None:
    assert acted(text) == []


@pytest.mark.parametrize(
    "text", ["haan ji Farooq bhai ke khate mein 275 likh diya, bas", "100 credit add karo"]
)
def test_a_named_or_plain_dictation_still_acts(text: str) -> None:
    assert len(acted(text)) == 1


@pytest.mark.parametrize(
    "text",
    [
        "likh do kisi ke khate mein, 150, baad mein dekhte hain",
        "I paid 200 last time",
        "maine 500 diye the",
    ],
)
def test_someone_or_i_is_nobodys_entry(text: str) -> None:
    assert acted(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Sunny 300 le gaya udhaar",
        "Shakti 300 le gaya udhaar",
        "मार्क ३०० उधार ले गया",
        "Sunny 3 packet maggi le gayi 42 rupaye uske khate mein likho",
        "नमस्ते चाचा जी, हाँ मार्क के 260 उधार लिखो",
        "Bill took goods worth 300, add it to his khata and remind him on Friday",
    ],
)
def test_someone_not_placed_is_never_the_customer_in_focus(text: str) -> None:
    assert acted(text) == []


def test_a_greeted_one_is_not_the_customer_when_someone_else_is_named() -> None:
    commands = parse("नमस्ते चाचा जी, हाँ मार्क के 260 उधार लिखो", NOW)
    assert all(c.entities.get("customer") != "चाचा" for c in commands)
