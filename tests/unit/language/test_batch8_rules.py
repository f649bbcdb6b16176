"""Rules batches 8 and 9 led to: numbers told to be called, उसे, a trailing clause that
borrows a held verb, digits grouped by commas, payment modes said every way, "Bhola"."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW, heard


@pytest.mark.parametrize(
    "text",
    [
        "doodh wale ka number 98300 11223 hai, usko phone lagao",
        "हलवाई का नंबर 9123456780 है, उसको फोन करो",
        "the Amul distributor's number is 98200 45678, call him for butter",
    ],
)
def test_a_number_told_to_be_called_is_no_number_change(text: str) -> None:
    assert not any(c.writes and c.decision is Decision.ACT for c in parse(text, NOW))


def test_a_number_change_is_still_carried_out() -> None:
    assert heard("Rahul ka number 9876543210 kar do")[:2] == (
        Intent.UPDATE_CUSTOMER_PHONE,
        Decision.ACT,
    )


def test_use_him_is_never_a_customer() -> None:
    commands = parse("चंदा का बिल बनाओ दो किलो चावल, फिर उसे परसों शाम याद दिला देना", NOW)
    assert [c.entities.get("customer") for c in commands] == ["चंदा", "चंदा"]


def test_a_clause_after_a_held_write_is_held_too() -> None:
    commands = parse("पूजा को कल रिमाइंडर मत भेजना, वो शहर से बाहर है", NOW)
    assert all(c.decision is not Decision.ACT for c in commands)


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("नया खाता खोलो लवली गुप्ता का, नंबर है नौ आठ एक शून्य, पाँच पाँच छह, सात सात आठ", "9810556778"),
        (
            "Jolly ka naya number likho, nau aath saat shoonya, ek do teen, chaar paanch chhe",
            "9870123456",
        ),
    ],
)
def test_digits_grouped_by_commas_are_one_number(text: str, phone: str) -> None:
    assert heard(text)[2]["phone"] == phone


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Munna ne haath mein 200 pakdaye abhi", "cash"),
        ("सोनू ने हाथ में 150 रुपये थमा दिए", "cash"),
        ("Bhola ne BHIM se 1,100 bheje", "upi"),
        ("received 1,100 from Suraj by NEFT", "upi"),
        ("मोहन लाल ने क्यूआर स्कैन करके 1,050 दिए", "upi"),
    ],
)
def test_payment_modes_said_every_way(text: str, mode: str) -> None:
    intent, decision, entities = heard(text)
    assert (intent, decision, entities["mode"]) == (Intent.RECORD_PAYMENT, Decision.ACT, mode)


def test_a_cheque_is_a_payment_with_no_mode() -> None:
    intent, decision, entities = heard("Ganga Prasad gave me a cheque for 8000")
    assert (intent, decision, entities["amount"]) == (Intent.RECORD_PAYMENT, Decision.ACT, 8000)
    assert "mode" not in entities


@pytest.mark.parametrize(
    ("text", "name"),
    [("Bhola ne BHIM se 1,100 bheje", "Bhola"), ("भोला ने गूगल पे किया 880", "भोला")],
)
def test_bhola_before_ne_is_a_name_not_said(text: str, name: str) -> None:
    assert heard(text)[2]["customer"] == name


def test_a_report_is_still_held() -> None:
    assert heard("Rahul bola ki 500 de diye")[1] is Decision.SKIP


def test_kr_typed_for_kar_is_no_payment_mode() -> None:
    # "QR" shares its phonetic key with "kr": a QR scan is heard from "scan", not from "qr".
    intent, decision, entities = heard("Rahul ne 500 jama kr diye")
    assert (intent, decision) == (Intent.RECORD_PAYMENT, Decision.ACT)
    assert "mode" not in entities


def test_the_day_after_on_is_no_name_but_a_weekday_subject_is() -> None:
    commands = parse("add 350 to Prince and then remind him on Friday evening", NOW)
    assert [c.decision for c in commands] == [Decision.ACT, Decision.ACT]
    assert heard("Mangal cleared his dues, 1500")[1] is Decision.ASK


def test_please_after_an_amount_keeps_the_payment_whole() -> None:
    intent, decision, entities = heard("Mohan paid by card, 2,750 please")
    assert (intent, decision, entities["mode"], entities["amount"]) == (
        Intent.RECORD_PAYMENT,
        Decision.ACT,
        "card",
        2750,
    )


# Batch 9's first run.


def test_sau_sau_is_a_hundred_each() -> None:
    commands = parse("Sachin aur Vinod dono ne sau sau rupaye ka saman udhaar liya", NOW)
    assert [(c.entities["customer"], c.entities["amount"]) for c in commands] == [
        ("Sachin", 100),
        ("Vinod", 100),
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("दास जी के नाम बिल काटो 6 अंडे और आधा लीटर दूध", "दास"),
        ("Das ji ka balance batao", "Das"),
        ("Rahul bhai ko 500 likho", "Rahul"),
    ],
)
def test_a_word_before_an_honorific_is_a_person(text: str, name: str) -> None:
    assert parse(text, NOW)[0].entities["customer"] == name


def test_ruk_ja_names_no_one() -> None:
    assert heard("ruk ja bhai, saare kaam cancel kar")[2] == {"task_ref": "all"}


def test_likhun_kya_asks_whether_to_write() -> None:
    intent, decision, _ = heard("जसवंत का 500 लिखूँ क्या?")
    assert (intent, decision) == (Intent.ADD_CREDIT, Decision.SKIP)


def test_a_weekday_that_is_the_customer_is_no_date() -> None:
    intent, decision, entities = heard("Mangal ji ko raat 8 baje reminder bhej do")
    assert (intent, decision, entities["customer"]) == (
        Intent.CREATE_REMINDER,
        Decision.ACT,
        "Mangal",
    )
    assert str(entities["when"]).startswith(NOW.date().isoformat())
