"""Rules batch 7's first run led to: a new customer's number in the next clause, "naam X",
the shop is no customer, goods before their quantity, polite verbs, talk to the customer."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW, heard


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("open a new account for Thomas Kurian, his number is 98470 11223", "Thomas Kurian"),
        ("नया ग्राहक जोड़ो, नाम कुसुम पांडे, नंबर 9412 336 781", "कुसुम पांडे"),
        ("naya customer banao, naam Raju Yadav, number 98470 11223", "Raju Yadav"),
    ],
)
def test_a_new_customers_number_in_the_next_clause_is_theirs(text: str, name: str) -> None:
    intent, decision, entities = heard(text)
    assert (intent, decision) == (Intent.CREATE_CUSTOMER, Decision.ACT)
    assert entities["customer"] == name
    assert len(str(entities["phone"])) == 10


def test_a_name_said_with_naam_se_is_the_new_customer() -> None:
    assert heard("naya khata kholo, Tarun Bhatia naam se") == (
        Intent.CREATE_CUSTOMER,
        Decision.ACT,
        {"customer": "Tarun Bhatia"},
    )


def test_another_customers_number_is_not_the_new_ones() -> None:
    commands = parse("naya customer Pooja jodo, Rahul ka number 9876543210", NOW)
    assert [c.intent for c in commands] == [Intent.CREATE_CUSTOMER, Intent.UPDATE_CUSTOMER_PHONE]
    assert commands[1].entities["customer"] == "Rahul"


@pytest.mark.parametrize(
    "text", ["dukaan ka kul kitna udhaar bazaar mein hai", "दुकान का कुल उधार कितना है"]
)
def test_the_shop_is_never_a_customer(text: str) -> None:
    assert all("customer" not in c.entities for c in parse(text, NOW))


def test_a_shop_word_still_makes_a_write_ask() -> None:
    intent, decision, _ = heard("Imran ki dukaan mein 500 ka maal aaya")
    assert intent is Intent.UNKNOWN or decision is not Decision.ACT


@pytest.mark.parametrize(
    "text",
    [
        "cheeni ki 2 bori aayi hain, stock mein chadha do",
        "चीनी की 2 बोरी आई हैं",
        "chawal ke 3 bag aaye",
    ],
)
def test_goods_before_their_quantity_are_stock_that_came(text: str) -> None:
    intent, decision, entities = heard(text)
    assert (intent, decision) == (Intent.UPDATE_STOCK, Decision.ACT)
    assert entities["quantity"] in (2, 3) and entities["unit"] == "bag"


@pytest.mark.parametrize(
    "text",
    [
        "दीपक वर्मा के खाते में 1,800 रुपये और जोड़ दीजिए",
        "Deepak Verma ko 1800 udhaar likh dijiye",
    ],
)
def test_a_polite_verb_is_no_unknown_word(text: str) -> None:
    intent, decision, entities = heard(text)
    assert (intent, decision, entities["amount"]) == (Intent.ADD_CREDIT, Decision.ACT, 1800)


@pytest.mark.parametrize("text", ["bhaiya aapka 640 hua, kal de dena", "भैया आपका 640 हुआ, कल दे देना"])
def test_what_the_customer_owes_told_to_them_is_held(text: str) -> None:
    commands = parse(text, NOW)
    assert [(c.intent, c.decision, c.reason) for c in commands] == [
        (Intent.ADD_CREDIT, Decision.SKIP, "to_customer")
    ]


def test_shall_i_write_it_is_a_question_not_an_order() -> None:
    intent, decision, _ = heard("Rahul ko 500 likh doon?")
    assert (intent, decision) == (Intent.ADD_CREDIT, Decision.SKIP)
