"""One test per intent family, with the spelling and script variants the issue lists."""

from __future__ import annotations

import pytest

from tests.unit.language.conftest import one


@pytest.mark.parametrize(
    "text",
    ["Rahul ko 500 udhaar likho", "Rahul ko 500 udhar likho", "Rahul ko 500 udhaar kro",
     "Rahul ko 500 udhaar kar do", "Rahul ko 500 udhaar karo", "राहुल को 500 उधार लिखो",
     "Rahul ke khate me 500 jodo", "Rahul ka 500 baaki likho", "Rahul ka 500 baki likho",
     "Rahul ko paanch sau rupaye diye", "add 500 credit to Rahul"],
)  # fmt: skip
def test_add_credit_variants(text: str) -> None:
    intent, e = one(text)
    assert intent == "ADD_CREDIT"
    assert e["amount"] == 500
    assert e["customer"] in {"Rahul", "राहुल"}


@pytest.mark.parametrize(
    ("text", "mode"),
    [("Rahul ne 200 jama kiye", None), ("Rahul ne 200 jma kiye", None),
     ("Rahul ne 200 cash me diye", "cash"), ("Rahul ne 200 UPI kiya", "upi"),
     ("Rahul ne card se 200 diye", "card"), ("Rahul se 200 mile", None),
     ("राहुल ने 200 रुपये जमा किए", None)],
)  # fmt: skip
def test_record_payment_variants(text: str, mode: str | None) -> None:
    intent, e = one(text)
    assert intent == "RECORD_PAYMENT"
    assert e["amount"] == 200
    assert e.get("mode") == mode


@pytest.mark.parametrize(
    "text",
    ["Rahul ko reminder bhejo", "Rahul ko reminder bhej do", "Rahul ko reminder bhejna",
     "Rahul ko kal yaad dilana", "रिमाइंडर भेजो Rahul ko"],
)  # fmt: skip
def test_create_reminder_variants(text: str) -> None:
    intent, e = one(text)
    assert intent == "CREATE_REMINDER"
    assert e["customer"] == "Rahul"
    assert e["when"].endswith("+05:30")


@pytest.mark.parametrize(
    ("text", "intent", "entities"),
    [
        ("Rahul ka balance check karo", "CHECK_BALANCE", {"customer": "Rahul"}),
        ("kitna ho gaya?", "CHECK_BALANCE", {}),
        ("Rahul ka last bill cancel karo", "CANCEL_INVOICE", {"customer": "Rahul"}),
        ("Rahul ka reminder hata do", "CANCEL_REMINDER", {"customer": "Rahul"}),
        ("Rahul ka reminder parso 10 baje kar do", "MODIFY_REMINDER",
         {"customer": "Rahul", "when": "2025-01-17T10:00:00+05:30"}),
        ("naya customer Amit Verma add karo", "CREATE_CUSTOMER", {"customer": "Amit Verma"}),
        ("Rahul ki sari jankari batao", "GET_CUSTOMER_INFO", {"customer": "Rahul"}),
        ("Bharat ka khata band karo", "DELETE_CUSTOMER", {"customer": "Bharat"}),
        ("galti ho gayi, Rahul ki last entry hatao", "UNDO_LAST_ENTRY", {"customer": "Rahul"}),
        ("kaun kaun se reminder hain?", "LIST_REMINDERS", {}),
        ("aaj kitna sale hua?", "DAILY_SUMMARY", {}),
        ("kul kitna baaki hai?", "TOTAL_PENDING_AMOUNT", {}),
        ("kiski payment pending hai?", "LIST_CUSTOMER_BALANCES", {}),
        ("Rahul ki baat karte hain", "SET_FOCUS", {"customer": "Rahul"}),
        ("madad", "HELP", {}), ("help", "HELP", {}), ("kya kar sakte ho", "HELP", {}),
    ],
)  # fmt: skip
def test_design_examples(text: str, intent: str, entities: dict[str, object]) -> None:
    assert one(text) == (intent, entities)


@pytest.mark.parametrize(
    ("text", "ref"),
    [("ruko", "all"), ("sab cancel karo", "all"), ("pichla wala cancel karo", "last"),
     ("Priya wala cancel", {"customer": "Priya"}), ("रुको", "all")],
)  # fmt: skip
def test_cancel_task(text: str, ref: object) -> None:
    assert one(text) == ("CANCEL_TASK", {"task_ref": ref})


@pytest.mark.parametrize(
    ("text", "who"),
    [("Sharma ji ka balance batao", {"customer": "Sharma"}),
     ("Mohan bhai ka balance batao", {"customer": "Mohan"}),
     ("Gupta sahab ka balance batao", {"customer": "Gupta"}),
     ("Sunita didi ka balance batao", {"customer": "Sunita"}),
     ("uska balance batao", {"customer_ref": "active"}),
     ("isko 100 udhaar likho", {"customer_ref": "active", "amount": 100}),
     ("pehle wale ka balance batao", {"customer_ref": "previous"})],
)  # fmt: skip
def test_customer_references(text: str, who: dict[str, object]) -> None:
    _, e = one(text)
    assert e == who


@pytest.mark.parametrize(
    "text",
    ["aaj mausam kaisa hai", "gaana bajao", "kya haal hai", "ek joke sunao", "play some music",
     "subah 6 baje ka alarm laga do", "John ko message bhejo ki main 500 rupaye de dunga",
     "mere timer ko roko", "Delhi ka temperature kitna hai", "tum kaun ho", ""],
)  # fmt: skip
def test_other_domains_are_unknown(text: str) -> None:
    assert one(text) == ("UNKNOWN", {})
