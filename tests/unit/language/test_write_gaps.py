"""Writes that must ask rather than guess: a miscounted group, a number change with no
number, a time given in the clause after a reminder, a corrected period keeping its day."""

from __future__ import annotations

import pytest

from domain.intents import WRITES, Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW


def decisions(text: str) -> list[tuple[str, Decision]]:
    return [(c.intent.value, c.decision) for c in parse(text, NOW)]


@pytest.mark.parametrize(
    "text",
    [
        "Rahul, Priya, teeno ko 100 udhaar likho",
        "Rahul, Priya, Amit dono ko 100 likho",
        "राहुल, प्रिया, तीनों को 100 उधार लिखो",
    ],
)
def test_a_group_word_that_miscounts_the_names_asks(text: str) -> None:
    said = decisions(text)
    assert said and all(d is Decision.ASK for _, d in said)


def test_a_group_word_that_counts_the_names_writes_to_each() -> None:
    commands = parse("Tanvir, Salim, Govind, teeno ka 60 likh do", NOW)
    assert [c.entities["customer"] for c in commands] == ["Tanvir", "Salim", "Govind"]
    assert all(c.decision is Decision.ACT for c in commands)


@pytest.mark.parametrize(
    "text", ["Rahul ka number badlo", "राहुल का नंबर बदलो", "Update Babloo's phone number"]
)
def test_a_number_change_with_no_number_asks(text: str) -> None:
    assert decisions(text) == [("UPDATE_CUSTOMER_PHONE", Decision.ASK)]


def test_a_number_change_with_its_number_is_carried_out() -> None:
    (command,) = parse("Rahul ka number 98765 43210 kar do", NOW)
    assert command.decision is Decision.ACT
    assert command.entities["phone"] == "9876543210"


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("सोनू के रिमाइंडर का टाइम बदलो, 1 तारीख को कर दो", "2025-02-01T10:00:00+05:30"),
        ("Rahul ka reminder badlo, Friday ko kar do", "2025-01-17T10:00:00+05:30"),
    ],
)
def test_a_time_in_the_next_clause_is_the_reminders(text: str, when: str) -> None:
    (command,) = parse(text, NOW)
    assert command.intent is Intent.MODIFY_REMINDER
    assert command.to_json()["entities"]["when"] == when


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("remind Kavita tomorrow morning, no, evening", "2025-01-16T18:00:00+05:30"),
        ("Rahul ko parso subah yaad dilana, nahi nahi, shaam 5 baje", "2025-01-17T17:00:00+05:30"),
        ("remind Kavita tomorrow morning, no, Friday evening", "2025-01-17T18:00:00+05:30"),
    ],
)
def test_a_corrected_hour_keeps_the_day_said_before(text: str, when: str) -> None:
    (command,) = parse(text, NOW)
    assert command.decision is Decision.ACT
    assert command.to_json()["entities"]["when"] == when


@pytest.mark.parametrize(
    "text",
    [
        "Raja ka 500 udhaar likhna tha, rehne do",
        "Rahul ko 500 likho, chhodo rehne do",
        "राहुल को 500 लिखो, रहने दो",
        "add 500 to Rahul, leave it",
    ],
)
def test_a_write_taken_back_at_the_end_is_skipped_not_run_and_cancelled(text: str) -> None:
    assert decisions(text) == [("ADD_CREDIT", Decision.SKIP)]


def test_a_take_back_alone_still_answers_no() -> None:
    assert decisions("rehne do") == [("ANSWER", Decision.ACT)]


def test_a_devanagari_honorific_is_dropped_from_the_name() -> None:
    (command,) = parse("मिसेज़ कपूर का 120 चढ़ा दो", NOW)
    assert command.entities["customer"] == "कपूर"


def test_a_name_left_unplaced_before_a_write_asks() -> None:
    assert decisions("Lucky Singh, three hundred fifty on credit") == [("ADD_CREDIT", Decision.ASK)]


def test_money_the_other_way_does_not_borrow_the_first_entry() -> None:
    said = decisions("Add 200 to Raja and then 300 from Sona")
    assert said == [("ADD_CREDIT", Decision.ACT), ("ADD_CREDIT", Decision.ASK)]
    recorded = decisions("Add 200 to Raja and then record 300 from Sona")
    assert recorded == [("ADD_CREDIT", Decision.ACT), ("RECORD_PAYMENT", Decision.ACT)]
    same_way = decisions("Received 300 from Raja and 200 from Sona")
    assert same_way == [("RECORD_PAYMENT", Decision.ACT)] * 2


@pytest.mark.parametrize(
    "text", ["20 packet biscuit aaye hain, stock mein daal do", "बीस पैकेट बिस्कुट आए हैं, स्टॉक में डाल दो"]
)
def test_daal_do_after_stock_puts_it_in_and_is_not_the_lentils(text: str) -> None:
    commands = [c.to_json() for c in parse(text, NOW)]
    assert commands == [
        {
            "intent": "UPDATE_STOCK",
            "entities": {"product": "biscuit", "quantity": 20, "unit": "packet"},
        }
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [("naya customer banao, Raju Yadav", "Raju Yadav"), ("नया ग्राहक बनाओ, राजू यादव", "राजू यादव")],
)
def test_a_name_in_the_clause_after_a_new_customer_is_its_name(text: str, name: str) -> None:
    (command,) = parse(text, NOW)
    assert command.intent is Intent.CREATE_CUSTOMER
    assert command.entities == {"customer": name}
    assert command.decision is Decision.ACT


def test_yes_with_write_words_answers_yes() -> None:
    assert [c.to_json() for c in parse("haan theek hai likh do", NOW)] == [
        {"intent": "ANSWER", "entities": {"answer": "yes"}}
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Add 90 each to Heera and Babloo", ["Heera", "Babloo"]),
        ("add 50 to Rahul, Priya and Amit", ["Rahul", "Priya", "Amit"]),
    ],
)
def test_a_list_of_names_after_to_is_one_write_each(text: str, names: list[str]) -> None:
    commands = parse(text, NOW)
    assert [c.entities["customer"] for c in commands] == names
    assert all(c.decision is Decision.ACT for c in commands)


def test_a_name_after_and_with_a_verb_of_its_own_is_another_command() -> None:
    said = [c.intent.value for c in parse("Add 200 to Raja and Sona paid 300", NOW)]
    assert said == ["ADD_CREDIT", "RECORD_PAYMENT"]


@pytest.mark.parametrize(
    "text", ["Pooja ka bill, 3 packet maggi", "Bill for Pooja, 3 packets of Maggi"]
)
def test_a_bill_with_its_goods_in_the_next_clause_is_one_bill(text: str) -> None:
    (command,) = parse(text, NOW)
    assert command.intent is Intent.CREATE_INVOICE
    assert command.decision is Decision.ACT
    assert command.entities["customer"] == "Pooja"
    assert [i["product"] for i in command.entities["items"]] == ["maggi"]


def test_money_read_again_across_a_half_is_never_written() -> None:
    text = "जसप्रीत का ५०० बाकी था, आधा दे गई"
    assert all(c.decision is not Decision.ACT for c in parse(text, NOW) if c.writes)


def test_money_read_again_across_a_correction_is_the_corrected_amount() -> None:
    (command,) = parse("put 600, I mean 660, on Seema's tab", NOW)
    assert (command.decision, command.entities) == (
        Decision.ACT,
        {"customer": "Seema", "amount": 660},
    )


@pytest.mark.parametrize(
    "text",
    [
        "Sunny ko 500 udhaar likho",  # "Sunny" shares its key with "sunya" (zero)
        "Sunny ji ko sawa do sau credit add karo",
        "Sunny se ₹1,50,000 mile",
        "Mark paid 300",
        "add 500 to Sunny",
        "Sunny wala reminder budhvar ko kar do",
        "naya customer Sunny add karo",
        "मार्क को 500 रुपये उधार लिखो",  # "mark" is an English word the parser knows
        "मार्क ने 300 रुपये जमा किए",
        "मार्क का बिल बनाओ दो किलो चावल",
    ],
)
def test_a_name_the_vocabulary_takes_for_a_word_is_never_the_focus_customer(text: str) -> None:
    for command in parse(text, NOW):
        if command.writes and "customer" not in command.entities:
            assert command.decision is not Decision.ACT, command.to_json()


def test_a_write_after_an_unplaced_name_asks_too() -> None:
    said = decisions("मार्क को 500 उधार लिखो और कल शाम 7 बजे रिमाइंडर भेजो")
    assert said == [("ADD_CREDIT", Decision.ASK), ("CREATE_REMINDER", Decision.ASK)]


def test_a_zero_word_before_a_case_marker_is_a_name_and_its_pronoun_follows() -> None:
    # Nobody speaks an amount of zero: "Sunny ko" is Sunny, and the reminder is hers too.
    said = [
        (c.intent.value, c.entities.get("customer"), c.decision)
        for c in parse("Sunny ko 500 udhaar likho aur kal shaam 7 baje reminder bhejo", NOW)
    ]
    assert said == [
        ("ADD_CREDIT", "Sunny", Decision.ACT),
        ("CREATE_REMINDER", "Sunny", Decision.ACT),
    ]


def test_saab_after_a_word_is_the_honorific_not_everyone() -> None:
    for command in parse("Sunny saab ka 80 ka udhar chadhao", NOW):
        assert command.entities.get("customer_ref") != "all"
    (command,) = parse("sab ko kal reminder bhej do", NOW)
    assert command.entities.get("customer_ref") == "all"


@pytest.mark.parametrize(
    "text", ["Doodh ka 50 likho", "Pachas ka saman liya, likh lo", "uska 300 jama kar lo"]
)
def test_goods_amounts_and_references_before_ka_are_no_one(text: str) -> None:
    assert all(c.decision is Decision.ACT for c in parse(text, NOW))


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Govind ka jama kar do ₹350 rupaye, phonepe se aaye hain", 350),
        ("Priya ke saath ₹350 ka hisaab jodo", 350),
        ("Rahul ko 10 rupaye 50 paise udhaar", 10.5),
    ],
)
def test_the_rupee_sign_marks_the_number_after_it(text: str, amount: float) -> None:
    (command,) = parse(text, NOW)
    assert command.entities["amount"] == amount


def test_a_payment_clause_that_only_adds_a_mode_is_the_payments_mode() -> None:
    commands = [c.to_json() for c in parse("Babloo bhai ka 800 jama karo, Google Pay se aaya", NOW)]
    assert commands == [
        {
            "intent": "RECORD_PAYMENT",
            "entities": {"customer": "Babloo", "amount": 800, "mode": "upi"},
        }
    ]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Nair ka 300 jama karo, arre nahi Vinod Mishra ka", "Vinod Mishra"),
        ("Rahul ko, nahi Vinod Mishra ko 150 udhaar likho", "Vinod Mishra"),
        ("not Amit, Sumit ko 200 likho", "Sumit"),
    ],
)
def test_a_correction_to_a_two_word_name_keeps_both_words(text: str, name: str) -> None:
    (command,) = parse(text, NOW)
    assert command.entities["customer"] == name


def acted(text: str) -> list[dict[str, object]]:
    return [c.to_json() for c in parse(text, NOW) if c.writes and c.decision is Decision.ACT]


@pytest.mark.parametrize(
    "before", ["achha ", "haan bhai, ", "suno, ", "अच्छा, ", "bhaiya ", "ek kaam karo, "]
)
def test_words_before_a_command_change_nothing_in_it(before: str) -> None:
    assert acted(before + "rahul ko 500 udhaar likho") == [
        {"intent": "ADD_CREDIT", "entities": {"customer": "Rahul", "amount": 500}}
    ]
    assert acted(before + "priya ke khate me 500 jodo") == [
        {"intent": "ADD_CREDIT", "entities": {"customer": "Priya", "amount": 500}}
    ]
    assert acted(before + "suresh ne 500 diye, cash ya upi pata nahi") == []
    assert acted(before + "rahul ko 300 udhaar likho, nahi nahi, 30 likho") == [
        {"intent": "ADD_CREDIT", "entities": {"customer": "Rahul", "amount": 30}}
    ]


@pytest.mark.parametrize("after", [" yaar", ", dhanyavaad", " please"])
def test_words_after_a_command_are_no_customer(after: str) -> None:
    assert acted("add 500 credit to rahul" + after) == [
        {"intent": "ADD_CREDIT", "entities": {"customer": "Rahul", "amount": 500}}
    ]


def test_a_cancel_after_a_filler_still_cancels() -> None:
    (command,) = parse("achha cancel Harpreet's reminder", NOW)
    assert command.intent is Intent.CANCEL_REMINDER


def test_closing_words_keep_the_hour_the_answer_and_the_take_back() -> None:
    (moved,) = parse("shift Mohan's reminder to 4 please", NOW)
    assert moved.to_json()["entities"]["when"] == "2025-01-15T16:00:00+05:30"
    assert decisions("nahi galat hai, dhanyavaad") == [("ANSWER", Decision.ACT)]
    assert decisions("Raja ka 500 udhaar likhna tha, rehne do abhi") == [
        ("ADD_CREDIT", Decision.SKIP)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Shakti ko 500 udhaar likho",  # "sakti" is "can"
        "Shakti ka dedh sau baaki likho",
        "Shakti paid seventy five",
        "write 1,500 credit for Shakti",
        "Mangal ka dedh sau baaki likho",  # Tuesday
        "Bheem ka dedh sau baaki likho",  # BHIM, a payment app
    ],
)
def test_names_that_are_function_words_days_or_apps_are_never_the_focus_customer(
    text: str,
) -> None:
    for command in parse(text, NOW):
        if command.writes and "customer" not in command.entities:
            assert command.decision is not Decision.ACT, command.to_json()


def test_a_write_after_a_read_whose_name_was_not_placed_asks() -> None:
    said = decisions("Mangal ka balance check karo aur reminder bhej do")  # "mangal": Tuesday
    assert said == [("CHECK_BALANCE", Decision.ACT), ("CREATE_REMINDER", Decision.ASK)]


@pytest.mark.parametrize(
    "text",
    [
        "agar Rahul ko 100 aur Priya ko 50 udhaar likho",
        "shayad Rahul ko 100 aur Priya ko 50 udhaar likho",
        "kya Rahul ko ₹100 dena, Priya ko ₹50 dena",
        "Rahul ko ₹100 dena, Priya ko ₹50 dena, pata nahi",
        "Amit ka bill bana do 1 kilo cheeni, 2 kilo aata, pata nahi",
        "agar galti ho gayi",
        "galti ho gayi kya?",
    ],
)
def test_a_condition_doubt_or_question_around_the_whole_utterance_holds_every_write(
    text: str,
) -> None:
    assert acted(text) == []


def test_a_promise_at_the_end_holds_only_the_clause_before_it() -> None:
    assert acted("Rahul ne 200 diye aur kal 300 aur dega") == [
        {"intent": "RECORD_PAYMENT", "entities": {"customer": "Rahul", "amount": 200}}
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Rahul ko 300 udhaar likho, nahi nahi, 30 likho kya?",
        "Rahul ko 100 udhaar likho, arre nahi, Priya ko kya?",
        "Rahul ko 100 aur Priya ko 50 udhaar likho kya?",
    ],
)
def test_a_question_on_the_verb_or_the_correction_holds_what_it_covers(text: str) -> None:
    assert acted(text) == []


def test_a_correction_that_states_the_value_with_tha_is_written() -> None:
    assert acted("Reddy ko 900 likho, ek minute, 990 tha") == [
        {"intent": "ADD_CREDIT", "entities": {"customer": "Reddy", "amount": 990}}
    ]


@pytest.mark.parametrize(
    "text",
    [
        "did you add 100 to Rahul, 200 to Priya and 300 to Suresh?",
        "add 100 to Rahul, 200 to Priya and 300 to Suresh, not sure",
        "new customer Babita, phone +91 91234 56780, not sure",
        "make Nisha's bill for 100 grams haldi and 2 bottles of Pepsi?",
        "नया ग्राहक आशा, नंबर ७०१११ २२३३४, पता नहीं",
    ],
)
def test_a_question_or_doubt_survives_clauses_read_again(text: str) -> None:
    assert acted(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Joseph ne 500 diye aur Harpreet ne 300 kya?",
        "Guddu ko 100 udhaar likho aur Chhotu ko 50 kya?",
        "Ravi ka 200 udhaar likho phir uska balance batao kya?",
    ],
)
def test_a_question_at_the_end_holds_every_write_before_it(text: str) -> None:
    said = decisions(text)
    writes = [d for intent, d in said if Intent(intent) in WRITES]
    assert writes and Decision.ACT not in writes


def test_without_the_question_the_same_writes_are_carried_out() -> None:
    said = decisions("Guddu ko 100 udhaar likho aur Chhotu ko 50")
    assert said == [("ADD_CREDIT", Decision.ACT), ("ADD_CREDIT", Decision.ACT)]


@pytest.mark.parametrize(
    "text",
    [
        "Rahul ko 100 udhaar likho, arre nahi, Mangal ko",  # "Mangal" is also Tuesday
        "add 100 to Rahul, oh no, to Mark",  # "mark" is an English verb the parser knows
        "राहुल को 100 उधार लिखो, अरे नहीं, मंगल को",
    ],
)
def test_a_correction_not_understood_writes_neither_name(text: str) -> None:
    assert decisions(text) == [("ADD_CREDIT", Decision.ASK)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Rahul ko 100 udhaar likho, arre nahi, Priya ko", "Priya"),
        ("Suresh paid 500 in cash, no no, by UPI", "Suresh"),
    ],
)
def test_a_correction_understood_is_carried_out(text: str, name: str) -> None:
    [command] = parse(text, NOW)
    assert command.decision is Decision.ACT and command.entities["customer"] == name
