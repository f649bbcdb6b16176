"""Rules batch 29 led to: a price per unit is no entry, a number taken back goes wherever it
was said, one of several customers taken back, children counted, an hour corrected, a name
corrected after a comma, a mode corrected with "usne", a held entry said again."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


@pytest.mark.parametrize(
    "text",
    [
        "Sita ne 60 rupaye kilo wala 3 kilo pyaaz liya, 180 udhaar likho",
        "Sita ne 3 kilo pyaaz liya 60 rupaye kilo, 180 ka udhaar likho",
        "Sita ne 60 rupaye wale 3 packet liye, 180 likho",
        "सीता ने 60 रुपये किलो वाले 3 किलो प्याज लिए, 180 उधार लिखो",
        "Sita ko ₹60/kg wala 3 kg pyaaz, 180 udhaar likho",
    ],
)
def test_a_price_per_unit_is_not_the_entry(text: str) -> None:
    assert [(intent, amount) for intent, _, amount in acted(text)] == [("ADD_CREDIT", 180)]


def test_money_said_with_rupees_is_still_the_entry() -> None:
    assert acted("Rahul ko 500 rupaye wala udhaar likho") == [("ADD_CREDIT", "Rahul", 500)]
    assert acted("Rahul ko ₹500 udhaar likho") == [("ADD_CREDIT", "Rahul", 500)]


@pytest.mark.parametrize(
    ("text", "customer", "amount"),
    [
        ("Kavita ka 400 jama karo, 400 nahi 450", "Kavita", 450),
        ("कविता ने 400 दिए, 400 नहीं 450", "कविता", 450),
    ],
)
def test_a_number_taken_back_goes_where_it_was_said_first(
    text: str, customer: str, amount: int
) -> None:
    assert acted(text) == [("RECORD_PAYMENT", customer, amount)]


def test_a_number_taken_back_keeps_another_customers_same_number() -> None:
    # "Raju ko 200 aur Mohan ko 200 nahi 250": Raju's 200 is his, whatever Mohan's became.
    said = acted("Raju ko 200 aur Mohan ko 200 nahi 250 likho")
    assert ("ADD_CREDIT", "Mohan", 200) not in said


@pytest.mark.parametrize(
    ("text", "left"),
    [
        ("Hari, Gopal aur Kishan ko 100 100 likho, Kishan wala mat likhna", ["Hari", "Gopal"]),
        ("नीता और गीता दोनों को 50 लिखो, गीता का रहने दो", ["नीता"]),
    ],
)
def test_one_of_several_customers_taken_back_is_not_written(text: str, left: list[str]) -> None:
    assert [name for _, name, _ in acted(text)] == left
    assert all(c.intent.value != "CANCEL_TASK" for c in parse(text, NOW))


def test_the_only_entry_taken_back_is_heard_and_skipped() -> None:
    (command,) = parse("Rahul ko 200 likho, Rahul ka rehne do", NOW)
    assert (command.decision, command.reason) == (Decision.SKIP, "negation")


def test_taking_back_another_kind_of_command_leaves_the_entry() -> None:
    assert acted("Asha ko 700 udhaar likho aur Asha ka bill abhi mat banana") == [
        ("ADD_CREDIT", "Asha", 700)
    ]


def test_children_counted_are_not_money() -> None:
    assert acted("Shyam ke 4 bachche hain, Shyam ka 250 likh do") == [("ADD_CREDIT", "Shyam", 250)]


def test_money_left_over_is_still_money() -> None:
    # "bache" is also "left over": 500 is no count of children.
    assert acted("Shyam ke 500 bache hain, 500 likh do Shyam ka") == [("ADD_CREDIT", "Shyam", 500)]


@pytest.mark.parametrize(
    "text", ["तीन सौ लिखो, नहीं चार सौ, मीना के खाते में", "400 likho, Meena ke khate mein"]
)
def test_a_name_said_last_with_ke_khate_mein_is_the_entrys(text: str) -> None:
    assert acted(text) == [("ADD_CREDIT", "Meena" if "Meena" in text else "मीना", 400)]


@pytest.mark.parametrize(
    ("text", "hour"),
    [("remind Ravi at 5, no, make it 6", 18), ("Ravi ko subah 9 baje yaad dilana, nahi 10", 10)],
)
def test_a_bare_number_correcting_a_reminders_hour_is_an_hour(text: str, hour: int) -> None:
    (command,) = parse(text, NOW)
    assert "amount" not in command.entities
    assert command.entities["when"][11:13] == f"{hour:02d}"


def test_a_bare_number_after_a_reminder_with_no_hour_is_not_an_hour() -> None:
    (command,) = parse("Ravi ko kal reminder bhejo, nahi 5", NOW)
    assert command.entities["when"][11:13] != "05"


@pytest.mark.parametrize(
    "text", ["add 300 to Sona, not Sona, Sonal", "Sona ko 300 likho, nahi Sona, Sonal ko"]
)
def test_not_x_comma_y_replaces_the_name_said_before(text: str) -> None:
    assert acted(text) == [("ADD_CREDIT", "Sonal", 300)]


def test_a_mode_corrected_with_usne_after_it_is_the_payers() -> None:
    (command,) = parse("Imran ne 500 diye cash mein, nahi nahi, gpay kiya tha usne", NOW)
    assert command.entities == {"customer": "Imran", "amount": 500, "mode": "upi"}


def test_an_entry_held_then_said_again_stays_one_held_entry() -> None:
    commands = parse("Pappu ne 300 online bheje ya cash diye yaad nahi, 300 jama karo", NOW)
    assert [c.decision for c in commands] == [Decision.ASK]


@pytest.mark.parametrize(
    "text",
    [
        "पूजा ने 40 वाली 3 किलो चीनी ली, 120 उधार लिखो",
        "Pooja ne 40 wale 3 packet liye, 120 udhaar likho",
        "dal at 40 a kilo, 3 kilos, 120 likho Pooja ke khate mein",
    ],
)
def test_a_price_per_unit_without_rupees_is_not_the_entry(text: str) -> None:
    assert [(intent, amount) for intent, _, amount in acted(text)] == [("ADD_CREDIT", 120)]


def test_so_much_each_is_still_each_customers_entry() -> None:
    assert acted("add 100 each to Amy and Bella") == [
        ("ADD_CREDIT", "Amy", 100),
        ("ADD_CREDIT", "Bella", 100),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mohan 42 number bus se aaya tha, Mohan ke 250 jama karo",
        "Mohan is in flat 402, record 250 from Mohan",
        "Mohan's son turned 18 today, record 250 from Mohan",
    ],
)
def test_a_number_that_names_or_ages_is_not_money(text: str) -> None:
    assert acted(text) == [("RECORD_PAYMENT", "Mohan", 250)]


@pytest.mark.parametrize("text", ["record 700 from Leela", "note 700 from Leela"])
def test_record_so_much_from_someone_is_their_payment(text: str) -> None:
    assert acted(text) == [("RECORD_PAYMENT", "Leela", 700)]


def test_so_much_for_someone_is_still_their_credit() -> None:
    assert acted("note 700 for Leela") == [("ADD_CREDIT", "Leela", 700)]


@pytest.mark.parametrize("text", ["aaj kitna becha", "आज कितना बिका"])
def test_how_much_was_sold_is_the_days_summary(text: str) -> None:
    assert [c.intent.value for c in parse(text, NOW)] == ["DAILY_SUMMARY"]


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Kamal ne 900 card se diye, card nahi UPI", "upi"),
        ("कमल ने 900 नकद दिए, नहीं नकद नहीं फोनपे से", "upi"),
        ("Kamal paid 900 by card, not card, cash", "cash"),
    ],
)
def test_a_mode_said_twice_then_taken_back_gives_way(text: str, mode: str) -> None:
    (command,) = parse(text, NOW)
    assert (command.decision, command.entities.get("mode")) == (Decision.ACT, mode)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("Kamal ko kal reminder bhejna, kal nahi, shukravar ko", "2025-01-17T10"),
        ("Kamal ka reminder kal subah bhejo, subah nahi shaam ko", "2025-01-16T18"),
        ("कमल का रिमाइंडर कल सुबह लगाओ, सुबह नहीं रात को", "2025-01-16T21"),
        ("कमल को कल याद दिलाना, कल नहीं सोमवार को", "2025-01-20T10"),
        ("कमल को रिमाइंडर 4 बजे भेजो, नहीं 5 बजे", "2025-01-15T17"),
    ],
)
def test_a_reminders_day_or_time_said_again_and_corrected(text: str, when: str) -> None:
    (command,) = parse(text, NOW)
    assert command.decision is Decision.ACT
    assert command.entities["when"].startswith(when)


def test_a_weekday_that_is_also_a_name_after_ko_still_asks() -> None:
    (command,) = parse("Kamal ko kal reminder bhejo, nahi Mangal ko", NOW)
    assert command.decision is Decision.ASK


def test_a_mode_stated_with_tha_completes_the_payment() -> None:
    (command,) = parse("Tulsi ne 250 diye, cash tha", NOW)
    assert (command.decision, command.entities.get("mode")) == (Decision.ACT, "cash")


@pytest.mark.parametrize(
    "text",
    [
        "Naresh ka 200 ka bill, nahi bill nahi, 200 udhaar likho",
        "Naresh paid 200, no, that was credit, add 200 to Naresh",
    ],
)
def test_an_entry_dropped_for_the_one_said_in_its_place_is_that_one(text: str) -> None:
    assert [c.intent.value for c in parse(text, NOW)] == ["ADD_CREDIT"]
    assert acted(text) == [("ADD_CREDIT", "Naresh", 200)]


def test_one_of_two_taken_back_after_nahi_leaves_the_other() -> None:
    assert acted("Harpreet aur Simran dono ko 150 likho, nahi Simran ka rehne do") == [
        ("ADD_CREDIT", "Harpreet", 150)
    ]


def test_the_kind_corrected_keeps_the_money_said_for_it() -> None:
    assert acted("make a 450 bill for Gomes, no, not a bill, add it as credit") == [
        ("ADD_CREDIT", "Gomes", 450)
    ]
    # With no "it" to carry it, the money is read back before anything is written.
    (asked,) = parse("Rahul ko 500 likho, nahi nahi, jama karo", NOW)
    assert (asked.intent.value, asked.decision) == ("RECORD_PAYMENT", Decision.ASK)


def test_a_word_before_an_honorific_at_the_start_is_someone() -> None:
    # "sakti" is also "can"; "Shakti bhaiya" is a man, and "unka" is his, not the focus's.
    (command,) = parse("Shakti bhaiya aaye the, unka 250 jama karo", NOW)
    assert (command.decision, command.reason) == (Decision.ASK, "customer")


@pytest.mark.parametrize(
    "text",
    [
        "put 2.5k udhaar on May",
        "May owes 1500, put it down",
        "register Bill as a customer, number 9811122233",
        "remove Bill from the list",
    ],
)
def test_a_month_or_bill_that_is_someone_makes_a_write_with_no_name_ask(text: str) -> None:
    assert acted(text) == []


def test_a_month_beside_a_day_is_a_date() -> None:
    assert acted("5 May ko Rahul ne 500 diye") == [("RECORD_PAYMENT", "Rahul", 500)]


@pytest.mark.parametrize("text", ["one second, how much does Bill owe", "ek minute ruko"])
def test_one_second_is_no_goods(text: str) -> None:
    assert all("items" not in c.entities for c in parse(text, NOW))


def test_so_much_each_after_at_is_a_price_a_piece() -> None:
    assert acted("put 120 on Tara for 12 eggs at 10 each") == [("ADD_CREDIT", "Tara", 120)]


def test_full_before_the_right_number_still_corrects() -> None:
    assert acted("Radha ka 150 likho 150 nahi pure 250") == [("ADD_CREDIT", "Radha", 250)]
    assert acted("राधा का 150 लिखो, 150 नहीं पूरे 250") == [("ADD_CREDIT", "राधा", 250)]


def test_a_name_corrected_after_nahi_takes_the_name_said_before_with_it() -> None:
    assert acted("Hema ko 600 likho, Hema nahi Hemant ko") == [("ADD_CREDIT", "Hemant", 600)]
