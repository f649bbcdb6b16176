"""Counter talk from the corpus batches of issue 11: what is written, asked or left alone."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW


def acted(text: str) -> list[dict[str, object]]:
    """The writes carried out as heard."""
    return [c.to_json() for c in parse(text, NOW) if c.writes and c.decision is Decision.ACT]


def test_three_names_each_with_an_amount_before_one_verb() -> None:
    assert acted("Rahul ko 100, Priya ko 200 aur Suresh ko 300 udhaar likho") == [
        {"intent": "ADD_CREDIT", "entities": {"customer": n, "amount": a}}
        for n, a in (("Rahul", 100), ("Priya", 200), ("Suresh", 300))
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Priya Sharma ko nahi, Priya Verma ko 500 likho", "Priya Verma"),
        ("प्रिया शर्मा को नहीं, प्रिया वर्मा को ५०० लिखो", "प्रिया वर्मा"),
    ],
)
def test_a_two_word_name_taken_back(text: str, name: str) -> None:
    assert acted(text) == [{"intent": "ADD_CREDIT", "entities": {"customer": name, "amount": 500}}]


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Write two and a half thousand as Mohan's credit", 2500),
        ("Give Kishore 2 and a half thousand on credit", 2500),
        ("Arjun paid one fifty in cash", 150),
        ("Geeta gave me four fifty", 450),
        ("Joseph ke khate mein 700 daal do", 700),
        ("Bittu ke upar 450 aur chadha do", 450),
        ("Joseph ne aadha payment kiya, 500", 500),
    ],
)
def test_amounts_as_spoken(text: str, amount: int) -> None:
    [write] = acted(text)
    assert write["entities"]["amount"] == amount  # type: ignore[index]


@pytest.mark.parametrize(
    "text",
    [
        "Sanjay 200 ka note tudwa ke le gaya",  # a name and an unknown word: whose, what?
        "Imran ki dukaan mein 500 ka maal aaya",  # someone else's shop
        "Dolly ki beti ne 100 ka note diya, chhutta wapas kiya",  # change for a note
        "Vikas ka 600 udhaar tha, usme se 200 diye",  # two amounts, a state and a payment
        "Remind me tomorrow morning to order milk",  # the speaker's own reminder
        "mujhe kal subah yaad dilana ki doodh mangwana hai",
        "Muje kal 4 : 30 pm ko jane ke liye remind karaye",
        "Dolly agle hafte 500 dene wali hai",  # a promise
    ],
)
def test_nothing_written_as_heard(text: str) -> None:
    assert acted(text) == []


def test_a_reduction_is_a_payment() -> None:
    assert acted("Lakshmi ka 200 kam kar do, usne de diye") == [
        {"intent": "RECORD_PAYMENT", "entities": {"customer": "Lakshmi", "amount": 200}}
    ]


def test_two_different_amounts_in_one_entry_are_held() -> None:
    [command] = parse("Vikas ko 600 udhaar 200 likho", NOW)
    assert command.intent is Intent.ADD_CREDIT
    assert command.decision is Decision.SKIP and command.reason == "amount"


# Batch 4's wrong writes (tests/data/README.md), each as the general rule that fixed it.


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Govind ka jama kar do 600 rupaye, phonepe se aaye hain", "upi"),
        ("Chaudhary sahab ne 15 hazaar diye, online", "upi"),
    ],
)
def test_a_mode_said_after_the_payment_belongs_to_it(text: str, mode: str) -> None:
    [write] = acted(text)
    assert write["entities"]["mode"] == mode  # type: ignore[index]


def test_a_second_mode_after_the_payment_asks() -> None:
    [command] = parse("Rahul ne 500 cash diye, upi se", NOW)
    assert command.decision is Decision.ASK


@pytest.mark.parametrize(("text", "amount"), [("Rahul ko sawa sau udhaar", 125),
                                              ("गोविंद को सवा सौ का सामान उधार दिया", 125),
                                              ("paune hazaar likho Rahul ko", 750)])  # fmt: skip
def test_a_prefix_before_a_multiplier(text: str, amount: int) -> None:
    [write] = acted(text)
    assert write["entities"]["amount"] == amount  # type: ignore[index]


def test_names_gathered_by_teeno_after_commas() -> None:
    assert [
        w["entities"]["customer"] for w in acted("Tanvir, Salim, Govind, teeno ka 60 likh do")
    ] == [  # type: ignore[index]
        "Tanvir",
        "Salim",
        "Govind",
    ]


def test_dal_after_a_unit_is_the_lentils_not_put() -> None:
    [write] = acted("Sinha ji ko 2 kilo aata aur adha kilo dal diya, bill bana do")
    assert write["entities"]["items"] == [  # type: ignore[index]
        {"product": "atta", "quantity": 2, "unit": "kg"},
        {"product": "dal", "quantity": 0.5, "unit": "kg"},
    ]


def test_gave_and_went_is_a_payment_never_a_credit() -> None:
    assert acted("Chintu ki mummy 300 de gayi hai, Chintu ke khate mein jama karo") == [
        {"intent": "RECORD_PAYMENT", "entities": {"customer": "Chintu", "amount": 300}}
    ]


def test_a_relative_paying_with_no_khata_said_asks_whose() -> None:
    assert acted("Chintu ki mummy 300 de gayi hai") == []


@pytest.mark.parametrize(
    "text",
    [
        "खन्ना साहब कह रहे थे उन्होंने ५०० गूगल पे कर दिए",  # a report, plural "कह रहे"
        "I'm not sure if it was cash or UPI, but Bhupinder paid 700",  # doubt said first
        "pata nahi, Rahul ne 500 diye",
    ],
)
def test_reports_and_leading_doubts_write_nothing(text: str) -> None:
    assert acted(text) == []


@pytest.mark.parametrize("text", ["गोविंद कल ८०० दे जाएगा", "Govind kal 800 de jayega"])
def test_will_drop_off_is_a_promise(text: str) -> None:
    [command] = parse(text, NOW)
    assert command.intent is Intent.RECORD_PAYMENT and command.decision is Decision.SKIP


def test_suno_is_never_a_customer() -> None:
    names = [
        c.entities.get("customer")
        for c in parse("Mathew ka 60 likh, aur suno, Nair ka balance bhi batao", NOW)
    ]
    assert names == ["Mathew", "Nair"]


@pytest.mark.parametrize(
    "text",
    [
        "Vinod ka reminder kal ki jagah Friday kar do",
        "विनोद का रिमाइंडर कल की जगह शुक्रवार कर दो",
        "move Vinod's reminder to Friday instead of tomorrow",
        "instead of tomorrow, remind Vinod on Friday",
    ],
)
def test_the_time_that_replaces_another_is_the_one_kept(text: str) -> None:
    [command] = parse(text, NOW)
    assert command.entities["when"] == "2025-01-17T10:00:00+05:30"


def test_a_phone_number_said_after_the_change() -> None:
    assert acted("Tanvir ka mobile number badlo, naya 98290 11223") == [
        {
            "intent": "UPDATE_CUSTOMER_PHONE",
            "entities": {"customer": "Tanvir", "phone": "9829011223"},
        }
    ]


def test_nahi_ruko_takes_the_amount_back() -> None:
    assert acted("रेड्डी को ६०० लिखो, नहीं रुको, ६५०") == [
        {"intent": "ADD_CREDIT", "entities": {"customer": "रेड्डी", "amount": 650}}
    ]


def test_modes_not_remembered_ask() -> None:
    [command] = parse("Meenakshi ne 200 diye, cash mein ya upi mein dhyan nahi", NOW)
    assert command.decision is Decision.ASK
