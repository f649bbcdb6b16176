"""Rules batch 37 led to: an account made, opened or added with a number is a new customer
with that number; a number said that is no phone number makes the new customer ask; "the
number is wrong" is no undo; a name heard only in an aside makes a pronoun's write ask;
"Mangal" before a surname is a first name."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW


def one(text: str) -> tuple[Intent, object, object, Decision]:
    [command] = parse(text, NOW)
    e = command.entities
    return command.intent, e.get("customer"), e.get("phone"), command.decision


@pytest.mark.parametrize(
    ("text", "name", "phone"),
    [
        ("धनीराम का खाता बना दो, नंबर +91 97193 60428", "धनीराम", "9719360428"),
        ("कुसुम लता को ऐड करो, फ़ोन नंबर 870 553 1942", "कुसुम लता", "8705531942"),
        ("Add Rosemary Thomas with number 702 558 3319", "Rosemary Thomas", "7025583319"),
        ("चंपा देवी का खाता खोल दो। इनका नंबर है 700 731 8854", "चंपा देवी", "7007318854"),
        (
            "Kamal Nath Jha ko add kar do. Number likh lo, 62039 48817",
            "Kamal Nath Jha",
            "6203948817",
        ),
    ],
)
def test_an_account_made_with_a_number_is_a_new_customer(text: str, name: str, phone: str) -> None:
    assert one(text) == (Intent.CREATE_CUSTOMER, name, phone, Decision.ACT)


@pytest.mark.parametrize(
    "text",
    [
        "add Rahul's number 9876543210",
        "Rahul ka khata kholo",
        "Rahul ka number add karo 9876543210",
    ],
)
def test_an_existing_customer_is_not_created(text: str) -> None:
    assert one(text)[0] is not Intent.CREATE_CUSTOMER


@pytest.mark.parametrize(
    "text",
    [
        "naya customer Hiralal Verma, mobile 7720 5513 8",
        "मनसुख का नया खाता खोलो, नंबर 98765 432",
        "New customer Benedict Rodrigues, phone 98201 4456",
    ],
)
def test_a_number_that_is_no_phone_number_asks(text: str) -> None:
    intent, _, phone, decision = one(text)
    assert (intent, phone, decision) == (Intent.CREATE_CUSTOMER, None, Decision.ASK)


def test_a_wrong_number_is_no_undo() -> None:
    assert one("Pyarelal ka number galat hai, sahi wala 94150 36628 hai, woh daal do") == (
        Intent.UPDATE_CUSTOMER_PHONE,
        "Pyarelal",
        "9415036628",
        Decision.ACT,
    )
    assert one("pichli entry galat hai")[0] is Intent.UNDO_LAST_ENTRY


def test_a_name_heard_only_in_an_aside_makes_the_pronoun_ask() -> None:
    text = (
        "Phone pe Grewal ka message aaya hai, 98140 55302 se, unhone 2.5k bheje online, jama likho"
    )
    assert all(c.decision is not Decision.ACT for c in parse(text, NOW))
    assert one("uska 500 udhaar likho")[-1] is Decision.ACT


def test_mangal_before_a_surname_is_a_first_name() -> None:
    assert one("Mangal Oraon naam se naya account banao")[1] == "Mangal Oraon"


def test_baadal_before_a_surname_is_a_first_name_and_badal_do_a_verb() -> None:
    text = "Baadal Soren ka contact number 80926 five five one zero seven kar do"
    assert one(text)[1:3] == ("Baadal Soren", "8092655107")
    assert one("Badal do Rahul ka number 9876543210")[1] == "Rahul"


def test_the_sum_due_said_after_a_reminder_is_its_amount() -> None:
    [command] = parse("Rahul ko kal reminder bhejo, 500 baaki hai", NOW)
    assert (command.intent, command.entities.get("amount")) == (Intent.CREATE_REMINDER, 500)
