"""Phone numbers typed or spoken digit by digit; invoice and stock items with units."""

from __future__ import annotations

import pytest

from domain.language.normalize import tokenize
from domain.language.phones import find_phone
from tests.unit.language.conftest import one


def phone(text: str) -> str | None:
    found = find_phone([t.key for t in tokenize(text)])
    return None if found is None else found.digits


@pytest.mark.parametrize(
    ("spoken", "digits"),
    [
        ("9568926253", "9568926253"), ("95689 26253", "9568926253"),
        ("+91 95689 26253", "9568926253"), ("09568926253", "9568926253"),
        ("nau paanch chhe aath nau do chhe do paanch teen", "9568926253"),
        ("nine five six eight nine two six two five three", "9568926253"),
        ("नौ पांच छह आठ नौ दो छह दो पांच तीन", "9568926253"),
        ("double nine eight seven six five four three two one", "9987654321"),
        ("98765 char teen do ek zero", "9876543210"),
    ],
)  # fmt: skip
def test_phone_numbers(spoken: str, digits: str) -> None:
    assert phone(spoken) == digits


@pytest.mark.parametrize("text", ["12345", "1234567890", "Rahul ko 500 do", "do teen char"])
def test_not_a_mobile_number(text: str) -> None:
    assert phone(text) is None


def test_phone_update_command() -> None:
    assert one("Bharat ka phone 9568926253 update karo") == (
        "UPDATE_CUSTOMER_PHONE",
        {"customer": "Bharat", "phone": "9568926253"},
    )


def test_item_list_with_aur_stays_one_invoice() -> None:
    intent, e = one("Rahul ko 2 milk aur 1 bread ka bill bana do")
    assert intent == "CREATE_INVOICE"
    assert e == {
        "customer": "Rahul",
        "items": [
            {"product": "milk", "quantity": 2, "unit": None},
            {"product": "bread", "quantity": 1, "unit": None},
        ],
    }


def test_items_with_units_and_number_words() -> None:
    _, e = one("Priya ka bill banao do kilo chawal aur teen packet biscuit")
    assert e["items"] == [
        {"product": "rice", "quantity": 2, "unit": "kg"},
        {"product": "biscuit", "quantity": 3, "unit": "packet"},
    ]


def test_fractional_and_unknown_products() -> None:
    _, e = one("Kavita ka bill banao dedh kilo besan aur 2 packet parle")
    assert e["items"] == [
        {"product": "besan", "quantity": 1.5, "unit": "kg"},
        {"product": "parle", "quantity": 2, "unit": "packet"},
    ]


@pytest.mark.parametrize(
    ("text", "entities"),
    [
        ("50 kilo aata aaya", {"product": "atta", "quantity": 50, "unit": "kg"}),
        ("20 packet biscuit aaye", {"product": "biscuit", "quantity": 20, "unit": "packet"}),
        ("पचास किलो चीनी आई", {"product": "sugar", "quantity": 50, "unit": "kg"}),
        ("do dozen ande aaye", {"product": "eggs", "quantity": 2, "unit": "dozen"}),
    ],
)
def test_update_stock(text: str, entities: dict[str, object]) -> None:
    assert one(text) == ("UPDATE_STOCK", entities)


@pytest.mark.parametrize(
    ("text", "product"),
    [("milk ka stock kitna hai?", "milk"), ("doodh ka stock batao", "milk"),
     ("chawal kitna bacha hai", "rice"), ("aate ka stock check karo", "atta")],
)  # fmt: skip
def test_check_stock(text: str, product: str) -> None:
    assert one(text) == ("CHECK_STOCK", {"product": product})


def test_phone_spoken_right_after_the_verb_do() -> None:
    text = "Suresh ka number badal do nau aath saat saat chhe paanch paanch chaar teen do"
    assert one(text) == ("UPDATE_CUSTOMER_PHONE", {"customer": "Suresh", "phone": "9877655432"})


def test_new_customer_then_their_number() -> None:
    assert one("naya grahak Pooja Verma jodo, number 9811122233") == (
        "CREATE_CUSTOMER",
        {"customer": "Pooja Verma", "phone": "9811122233"},
    )
