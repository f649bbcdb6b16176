"""Every intent in Indian English and in Devanagari Hindi as a speech-to-text writes it.

Issue 11, point 6: the three languages at parity. Hinglish phrasings are in test_intents.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from domain.intents import Decision
from domain.language import parse
from domain.language.normalize import romanize, tokenize
from tests.unit.language.conftest import NOW, one

ENGLISH = [
    ("got 500 from Rahul", "RECORD_PAYMENT", {"customer": "Rahul", "amount": 500}),
    ("We received 10 kg sugar", "UPDATE_STOCK", {"product": "sugar", "quantity": 10, "unit": "kg"}),
    ("Delete the last transaction", "UNDO_LAST_ENTRY", {}),
    ("How were sales today?", "DAILY_SUMMARY", {}),
    ("What does Rahul owe?", "CHECK_BALANCE", {"customer": "Rahul"}),
    ("Rahul paid 300 by UPI", "RECORD_PAYMENT", {"customer": "Rahul", "amount": 300, "mode": "upi"}),
    ("Remind Priya tomorrow at 5 pm", "CREATE_REMINDER", {"customer": "Priya", "when": "2025-01-16T17:00:00+05:30"}),
    ("How much milk is left?", "CHECK_STOCK", {"product": "milk"}),
    ("Who owes me money?", "LIST_CUSTOMER_BALANCES", {}),
    ("add 200 to Suresh's account", "ADD_CREDIT", {"customer": "Suresh", "amount": 200}),
    ("give Amit 500 on credit", "ADD_CREDIT", {"customer": "Amit", "amount": 500}),
    ("what's Rahul's balance", "CHECK_BALANCE", {"customer": "Rahul"}),
    ("show me today's sales", "DAILY_SUMMARY", {}),
    ("delete Bharat's account", "DELETE_CUSTOMER", {"customer": "Bharat"}),
    ("change Priya's number to 9876543210", "UPDATE_CUSTOMER_PHONE", {"customer": "Priya", "phone": "9876543210"}),
    ("undo the last entry", "UNDO_LAST_ENTRY", {}),
    ("cancel Rahul's bill", "CANCEL_INVOICE", {"customer": "Rahul"}),
    ("what can you do", "HELP", {}),
    ("Remind Rahul on Monday morning", "CREATE_REMINDER", {"customer": "Rahul", "when": "2025-01-20T09:00:00+05:30"}),
    ("Remind Rahul in 2 hours", "CREATE_REMINDER", {"customer": "Rahul", "when": "2025-01-15T12:00:00+05:30"}),
    ("Remind Rahul next Friday at 10 am", "CREATE_REMINDER", {"customer": "Rahul", "when": "2025-01-17T10:00:00+05:30"}),
    ("Rahul paid 500 cash", "RECORD_PAYMENT", {"customer": "Rahul", "amount": 500, "mode": "cash"}),
    ("Priya gave 200", "RECORD_PAYMENT", {"customer": "Priya", "amount": 200}),
    ("received 500 from Amit", "RECORD_PAYMENT", {"customer": "Amit", "amount": 500}),
    ("Amit took 300 worth of goods", "ADD_CREDIT", {"customer": "Amit", "amount": 300}),
    ("write 500 credit for Rahul", "ADD_CREDIT", {"customer": "Rahul", "amount": 500}),
    ("what is the total pending amount", "TOTAL_PENDING_AMOUNT", {}),
    ("how much do customers owe me in total", "TOTAL_PENDING_AMOUNT", {}),
    ("show all reminders", "LIST_REMINDERS", {}),
    ("cancel Priya's reminder", "CANCEL_REMINDER", {"customer": "Priya"}),
    ("move Rahul's reminder to Friday", "MODIFY_REMINDER", {"customer": "Rahul", "when": "2025-01-17T10:00:00+05:30"}),
    ("add a new customer Pooja", "CREATE_CUSTOMER", {"customer": "Pooja"}),
    ("show Rahul's details", "GET_CUSTOMER_INFO", {"customer": "Rahul"}),
    ("make a bill for Rahul 2 kg rice and 1 packet biscuit", "CREATE_INVOICE", {"customer": "Rahul", "items": [{"product": "rice", "quantity": 2, "unit": "kg"}, {"product": "biscuit", "quantity": 1, "unit": "packet"}]}),
    ("20 kg rice arrived", "UPDATE_STOCK", {"product": "rice", "quantity": 20, "unit": "kg"}),
    ("stock of sugar", "CHECK_STOCK", {"product": "sugar"}),
    ("let's talk about Rahul", "SET_FOCUS", {"customer": "Rahul"}),
    ("stop", "CANCEL_TASK", {"task_ref": "all"}),
    ("cancel everything", "CANCEL_TASK", {"task_ref": "all"}),
    ("remind him tomorrow", "CREATE_REMINDER", {"customer_ref": "active", "when": "2025-01-16T10:00:00+05:30"}),
    ("what's his balance", "CHECK_BALANCE", {"customer_ref": "active"}),
    ("send her a reminder", "CREATE_REMINDER", {"customer_ref": "active", "when": "2025-01-16T10:00:00+05:30"}),
]  # fmt: skip

DEVANAGARI = [
    ("राहुल का रिमाइंडर कैंसिल करो", "CANCEL_REMINDER", {"customer": "राहुल"}),
    ("किसने पैसे नहीं दिए", "LIST_CUSTOMER_BALANCES", {}),
    ("ग्राहक जोड़ो राहुल", "CREATE_CUSTOMER", {"customer": "राहुल"}),
    ("राहुल के खाते में 500 जोड़ें", "ADD_CREDIT", {"customer": "राहुल", "amount": 500}),
    ("आज की बिक्री बताएं", "DAILY_SUMMARY", {}),
    ("राहुल से 500 आए", "RECORD_PAYMENT", {"customer": "राहुल", "amount": 500}),
    ("राहुल ने ५०० रुपये दिए", "RECORD_PAYMENT", {"customer": "राहुल", "amount": 500}),
    ("राहुल ने 500 रुपए भेजे", "RECORD_PAYMENT", {"customer": "राहुल", "amount": 500}),
    ("राहुल ने ₹300 जमा किए", "RECORD_PAYMENT", {"customer": "राहुल", "amount": 300}),
    ("प्रिया ने 200 यूपीआई से भेजे", "RECORD_PAYMENT", {"customer": "प्रिया", "amount": 200, "mode": "upi"}),
    ("अमित ने 300 कैश दिए", "RECORD_PAYMENT", {"customer": "अमित", "amount": 300, "mode": "cash"}),
    ("राहुल को 500 उधार लिखो", "ADD_CREDIT", {"customer": "राहुल", "amount": 500}),
    ("राहुल को ५०० उधार लिख दो", "ADD_CREDIT", {"customer": "राहुल", "amount": 500}),
    ("प्रिया के खाते में 200 जोड़ो", "ADD_CREDIT", {"customer": "प्रिया", "amount": 200}),
    ("राहुल का खाता दिखाओ", "CHECK_BALANCE", {"customer": "राहुल"}),
    ("राहुल का बैलेंस बताओ", "CHECK_BALANCE", {"customer": "राहुल"}),
    ("राहुल का बाकी कितना है", "CHECK_BALANCE", {"customer": "राहुल"}),
    ("राहुल को कल शाम 5 बजे रिमाइंडर भेजो", "CREATE_REMINDER", {"customer": "राहुल", "when": "2025-01-16T17:00:00+05:30"}),
    ("प्रिया को कल याद दिलाना", "CREATE_REMINDER", {"customer": "प्रिया", "when": "2025-01-16T10:00:00+05:30"}),
    ("राहुल का रिमाइंडर हटाओ", "CANCEL_REMINDER", {"customer": "राहुल"}),
    ("राहुल का रिमाइंडर परसों कर दो", "MODIFY_REMINDER", {"customer": "राहुल", "when": "2025-01-17T10:00:00+05:30"}),
    ("सारे रिमाइंडर दिखाओ", "LIST_REMINDERS", {}),
    ("कितना दूध बचा है", "CHECK_STOCK", {"product": "milk"}),
    ("चीनी का स्टॉक बताओ", "CHECK_STOCK", {"product": "sugar"}),
    ("20 किलो चावल आया", "UPDATE_STOCK", {"product": "rice", "quantity": 20, "unit": "kg"}),
    ("आज की बिक्री बताओ", "DAILY_SUMMARY", {}),
    ("किस किस का पैसा बाकी है", "LIST_CUSTOMER_BALANCES", {}),
    ("कुल कितना बाकी है", "TOTAL_PENDING_AMOUNT", {}),
    ("नया ग्राहक पूजा जोड़ो", "CREATE_CUSTOMER", {"customer": "पूजा"}),
    ("प्रिया का नंबर 9876543210 कर दो", "UPDATE_CUSTOMER_PHONE", {"customer": "प्रिया", "phone": "9876543210"}),
    ("भरत का खाता बंद करो", "DELETE_CUSTOMER", {"customer": "भरत"}),
    ("पिछली एंट्री हटाओ", "UNDO_LAST_ENTRY", {}),
    ("गलत हो गया, अंडू करो", "UNDO_LAST_ENTRY", {}),
    ("राहुल का बिल रद्द करो", "CANCEL_INVOICE", {"customer": "राहुल"}),
    ("राहुल के लिए 2 किलो चावल का बिल बनाओ", "CREATE_INVOICE", {"customer": "राहुल", "items": [{"product": "rice", "quantity": 2, "unit": "kg"}]}),
    ("तुम क्या कर सकते हो", "HELP", {}),
    ("मदद", "HELP", {}),
    ("रुको", "CANCEL_TASK", {"task_ref": "all"}),
    ("राहुल की बात करो", "SET_FOCUS", {"customer": "राहुल"}),
    ("राहुल की जानकारी दिखाओ", "GET_CUSTOMER_INFO", {"customer": "राहुल"}),
    ("राहुल का पेमेंट 500 आया", "RECORD_PAYMENT", {"customer": "राहुल", "amount": 500}),
    ("राहुल से 500 मिले", "RECORD_PAYMENT", {"customer": "राहुल", "amount": 500}),
    ("उसका बैलेंस बताओ", "CHECK_BALANCE", {"customer_ref": "active"}),
]  # fmt: skip


@pytest.mark.parametrize(("text", "intent", "entities"), ENGLISH)
def test_english(text: str, intent: str, entities: dict[str, Any]) -> None:
    assert one(text) == (intent, entities)


@pytest.mark.parametrize(("text", "intent", "entities"), DEVANAGARI)
def test_devanagari(text: str, intent: str, entities: dict[str, Any]) -> None:
    assert one(text) == (intent, entities)


@pytest.mark.parametrize(
    "text",
    [
        # The shop's own bills and payments, and stories: nothing for a customer's khata.
        "bijli ka bill 1200 aaya is mahine",
        "I have to pay the milkman 3000",
        "Rahul bought a new phone for 15000",
        "send 500 to my wife on GPay",
        "Amit sold his bike for 40000",
        "mere paas konsa timer alert hai",
        "I have to deposit 5000 in the bank",
    ],
)
def test_not_a_ledger_command(text: str) -> None:
    assert one(text) == ("UNKNOWN", {})


@pytest.mark.parametrize(
    "text",
    [
        "supplier ko 5000 ka payment karna hai",  # the shop pays its supplier
        "Suresh bol raha tha usne Raju ko paise de diye",  # money given to someone else
        "Amit ne bike bech di 40000 mein",  # a customer's own sale
        "mere account mein kitna paisa hai",  # the shopkeeper's bank account
        "Suresh shaam ko 200 ka saman lene aayega",  # a plan the gate cannot hold
    ],
)
def test_hinglish_talk_that_is_not_an_entry(text: str) -> None:
    assert one(text) == ("UNKNOWN", {})


@pytest.mark.parametrize(
    ("text", "intent", "customer"),
    [
        ("Rahul kal 500 de dega", "RECORD_PAYMENT", "Rahul"),
        ("Priya says she'll give 1000 next week", "RECORD_PAYMENT", "Priya"),
        ("sonu ke ghar se bataya ki paise bhej diye", "RECORD_PAYMENT", "Sonu"),
        ("Amit bol raha tha ki usne 500 de diye", "RECORD_PAYMENT", "Amit"),
    ],
)
def test_promises_and_reports_name_the_write_the_gate_holds(
    text: str, intent: str, customer: str
) -> None:
    [command] = parse(text, NOW)
    assert (command.intent.value, command.entities["customer"]) == (intent, customer)
    assert command.decision is Decision.SKIP


def test_devanagari_honorifics_are_dropped() -> None:
    assert one("कविता बहन का चालीस उधार लिखो") == (
        "ADD_CREDIT",
        {"customer": "कविता", "amount": 40},
    )
    assert one("वर्मा अंकल को सौ उधार लिखो")[1]["customer"] == "वर्मा"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("doodh lene ke liye reminder hataye", "CANCEL_REMINDER"),
        ("Rahul ka reminder nikaal do", "CANCEL_REMINDER"),
        ("kal ke meeting reminder ko 12 pm ke liye update karen", "MODIFY_REMINDER"),
        ("mujhe Wednesday ke bajaye Friday ko yaad dilana", "MODIFY_REMINDER"),
        ("maine kounse reminders set kiye hain", "LIST_REMINDERS"),
        # "show" far from the reminder word is the TV show, not "show reminders".
        ("mujhe mere show ke liye 10 min pehle alert karna", "CREATE_REMINDER"),
    ],
)
def test_reminder_phrasings(text: str, intent: str) -> None:
    assert one(text)[0] == intent


def test_a_name_is_never_a_reminder_word() -> None:
    assert one("pooja yadav ka kitna baaki hai") == ("CHECK_BALANCE", {"customer": "Pooja Yadav"})


def test_devanagari_digits_and_final_nasals() -> None:
    assert [t.key for t in tokenize("₹५००")] == ["rs", "500"]
    # Hinglish typing drops a final nasal: नहीं is "nahi", परसों "parso", दोनों "dono".
    assert [romanize(w) for w in ("नहीं", "परसों", "दोनों", "बंद")] == [
        "nahee",
        "parso",
        "dono",
        "band",
    ]


@pytest.mark.parametrize("text", ["अ्", "़", "़०", "ं"])
def test_a_lone_sign_makes_no_token(text: str) -> None:
    assert all(t.key for t in tokenize(text))


def test_english_contractions_are_one_word() -> None:
    assert [t.key for t in tokenize("don't")] == ["dont"]
    assert [t.key for t in tokenize("who hasn't paid")][1] == "hasnt"
    assert [t.key for t in tokenize("what's Rahul's balance")][:4] == ["vhat", "is", "rahul", "ka"]


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("remind Rahul in an hour", "2025-01-15T11:00:00+05:30"),
        ("remind Rahul in half an hour", "2025-01-15T10:30:00+05:30"),
        ("remind Rahul the day after tomorrow", "2025-01-17T10:00:00+05:30"),
        ("remind Rahul this evening", "2025-01-15T18:00:00+05:30"),
        ("shift Rahul's reminder to 4", "2025-01-15T16:00:00+05:30"),
    ],
)
def test_english_times(text: str, when: str) -> None:
    assert one(text)[1]["when"] == when
