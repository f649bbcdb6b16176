"""Rules batches 53 and 54 led to: "… 5 baje kr do" moves a reminder however "kar" is spelled;
"sorry, that amount is wrong" with no comma holds the write; an elder's title after a name
("tapan da", "महेश चाचा", "कमला ताई") is no part of it; "aap 500 de do" asks the customer to
pay, no credit; money handed to someone called only by title is not the entry's."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


def test_kr_do_moves_a_reminder() -> None:
    [command] = parse("pinky ka reminder parso shaam 5 baje kr do", NOW)
    assert command.intent.value == "MODIFY_REMINDER"
    assert command.entities == {"customer": "Pinky", "when": "2025-01-17T17:00:00+05:30"}


def test_sorry_the_amount_is_wrong_asks() -> None:
    [command] = parse("Heera paid 500 sorry that amount is wrong", NOW)
    assert (command.decision, command.reason) == (Decision.ASK, "correction")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("tapan da ne 350 cash diye", "Tapan"),
        ("महेश चाचा ने पूरे 4 हजार दे दिए कैश में", "महेश"),
        ("कमला ताई का 1 हजार 2 सौ उधार लिख दो", "कमला"),
    ],
)
def test_an_elders_title_is_no_part_of_the_name(text: str, name: str) -> None:
    [(_, customer, _)] = acted(text)
    assert customer == name


def test_a_relation_is_still_not_the_customer() -> None:
    [command] = parse("Rahul ke chacha ne 500 diye", NOW)
    assert (command.decision, command.reason) == (Decision.ASK, "customer")


@pytest.mark.parametrize(
    "text",
    ["Alok bhaiya aap 500 abhi de do baaki baad mein", "आलोक भैया आप 500 अभी दे दो बाकी बाद में"],
)
def test_asking_the_customer_to_pay_writes_nothing(text: str) -> None:
    assert acted(text) == []


def test_a_polite_order_to_credit_someone_still_writes() -> None:
    assert acted("aap Rahul ko 500 udhaar de do") == [("ADD_CREDIT", "Rahul", 500)]


def test_money_to_an_uncle_is_not_the_entrys() -> None:
    text = "चाचा जी को 10,000 लौटाए, और जांगिड़ का पौने तीन सौ उधार लिख दो"
    assert acted(text) == [("ADD_CREDIT", "जांगिड़", 275)]
