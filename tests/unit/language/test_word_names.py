"""Batch 6's general rules: payment apps as speech-to-text splits them, names that are also
words (months, "Bill", a number word), and talk to the customer that is never written."""

from __future__ import annotations

import pytest

from domain.intents import WRITES, Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW


@pytest.mark.parametrize(
    "text",
    [
        "Chhotu ne 99 g pay se diye",
        "Kapoor ne 1200 phone pe kiye",
        "मुन्ना ने 99 जी पे से दिए",
        "छोटू का पेमेंट 300 फोन पे पर आया",
        "Chhotu paid 99 by google pay",
    ],
)
def test_a_payment_app_split_in_two_words_is_upi(text: str) -> None:
    (command,) = parse(text, NOW)
    assert command.intent is Intent.RECORD_PAYMENT
    assert command.entities.get("mode") == "upi"
    assert command.decision is Decision.ACT


def test_ji_pe_after_an_honorific_is_not_an_app() -> None:
    commands = parse("Sharma ji pe 500 udhaar likho", NOW)
    assert all(c.entities.get("mode") is None for c in commands)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Sunny Deol ko 300 udhaar likh do", "Sunny Deol"),
        ("Bill ne 500 jama kiye", "Bill"),
        ("बिल ने 500 जमा किए", "बिल"),
        ("May ne 400 paytm se bheje", "May"),
    ],
)
def test_a_name_that_is_also_a_word_is_the_customer(text: str, name: str) -> None:
    (command,) = parse(text, NOW)
    assert command.intent is Intent.RECORD_PAYMENT or command.intent is Intent.ADD_CREDIT
    assert command.entities["customer"] == name
    assert command.decision is Decision.ACT


def test_bill_ka_bill_is_a_bill_for_someone_called_bill() -> None:
    (command,) = parse("Bill ka bill banao 5 kilo aata", NOW)
    assert command.intent is Intent.CREATE_INVOICE
    assert command.decision is not Decision.ACT or command.entities.get("customer") == "Bill"


def test_a_month_that_names_the_customer_is_no_date() -> None:
    (command,) = parse("May ko kal reminder bhejo", NOW)
    assert command.intent is Intent.CREATE_REMINDER
    assert command.entities.get("when") == "2025-01-16T10:00:00+05:30"


@pytest.mark.parametrize(
    "text",
    [
        "May sent 400 by paytm",
        "add 250 credit for Bill",
        "cancel May's reminder",
        "remind May next week",
        "Bill ka reminder hata do",
        "Received 5000 from May",
    ],
)
def test_a_word_where_a_name_stands_never_writes_to_the_customer_in_focus(text: str) -> None:
    for command in parse(text, NOW):
        assert command.decision is not Decision.ACT or command.entities.get("customer")


@pytest.mark.parametrize(
    "text",
    ["your total is 450, pay me tomorrow", "aapka 450 hua, kal de dena", "आपका 450 हुआ"],
)
def test_talk_to_the_customer_is_not_written(text: str) -> None:
    assert all(c.decision is not Decision.ACT for c in parse(text, NOW) if c.writes)


def test_him_after_a_name_not_understood_is_not_the_customer_in_focus() -> None:
    commands = parse("add 500 to Mark and then send him a reminder", NOW)
    assert [c.decision for c in commands] == [Decision.ASK, Decision.ASK]


def test_him_after_a_name_understood_is_that_name() -> None:
    commands = parse("add 500 to Sunny and then send him a reminder", NOW)  # never zero rupees
    assert [(c.entities.get("customer"), c.decision) for c in commands] == [
        ("Sunny", Decision.ACT),
        ("Sunny", Decision.ACT),
    ]


@pytest.mark.parametrize(
    "text",
    ["naya customer Bill banao number 9876543210", "naya customer Bill, number 8800 123 456"],
)
def test_a_new_customer_called_bill_is_no_invoice_and_no_number_change(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.intent, command.decision) == (Intent.CREATE_CUSTOMER, Decision.ASK)


@pytest.mark.parametrize(
    "text", ["May has paid two thousand five hundred", "May has already paid 1500"]
)
def test_a_month_before_has_paid_is_a_name(text: str) -> None:
    [command] = parse(text, NOW)
    assert (command.intent, command.decision) == (Intent.RECORD_PAYMENT, Decision.ASK)


@pytest.mark.parametrize(
    "text",
    [
        "Shakti cleared his dues, 1500",
        "remind Mark next Monday at 11 about his dues",
        "Mark bought 2 litres of oil, put 380 on his account",
        "add new customer May, then put 100 on his account",
        "Shakti ne 2 kilo aata liya, 90 likh do uske khate mein",
        "मार्क बिटिया दो किलो आटा ले गई, 90 उसके खाते में लिख दो",
        "Mark ka 200 kam kar do, usne de diye",
        "May has a new phone number, 7760 554 312",
        "नया ग्राहक बिल, नंबर ७०१११ २२३३४",
    ],
)
def test_his_beside_a_name_not_understood_is_not_the_customer_in_focus(text: str) -> None:
    assert all(c.decision is not Decision.ACT for c in parse(text, NOW) if c.intent in WRITES)


@pytest.mark.parametrize("text", ["He paid 450 on Paytm", "उसका ३०० फोनपे से आया है"])
def test_his_alone_is_the_customer_in_focus(text: str) -> None:
    [command] = parse(text, NOW)
    assert command.entities["customer_ref"] == "active" and command.decision is Decision.ACT


@pytest.mark.parametrize(
    "text", ["bill May for 1 kg salt and 2 soaps", "delete the last bill of May"]
)
def test_a_month_after_bill_or_of_is_a_name(text: str) -> None:
    [command] = parse(text, NOW)
    assert command.decision is Decision.ASK


@pytest.mark.parametrize("text", ["Put two and a half thousand on Bill", "Write 700 against Bill"])
def test_a_number_word_or_a_preposition_is_no_goods(text: str) -> None:
    assert all(c.intent is not Intent.CREATE_INVOICE for c in parse(text, NOW))


@pytest.mark.parametrize(
    "text",
    ["ek kaam karo, Rahul ne naya phone liya 15000 ka", "ek kaam karo, cancel the one for Suresh"],
)
def test_ek_kaam_karo_opens_a_command_and_pays_nothing(text: str) -> None:
    assert all(c.intent is not Intent.RECORD_PAYMENT for c in parse(text, NOW))


@pytest.mark.parametrize(
    "text",
    [
        "haan bhai, no need to add 250 for Dinesh",
        "अच्छा, I'm not sure if it was cash or UPI, but Bhupinder paid 700",
        "suno, no need to add 250 for Dinesh",
    ],
)
def test_an_interjection_before_a_hold_keeps_the_hold(text: str) -> None:
    assert all(c.decision is not Decision.ACT for c in parse(text, NOW))


def test_a_word_name_before_an_honorific_is_placed() -> None:
    [command] = parse("Mark saab ka hisaab khatam karo, khata band", NOW)
    assert (command.intent, command.entities) == (Intent.DELETE_CUSTOMER, {"customer": "Mark"})


def test_a_weekday_that_gives_is_a_person() -> None:
    (command,) = parse("मंगल ने दो किलो आटा लिया, 90 उसके खाते में लिख दो", NOW)
    assert (command.entities.get("customer"), command.decision) == ("मंगल", Decision.ACT)
