"""Rules batch 21 led to: several commands in one breath - a group word after names spoken in
the same utterance, "ya 500" after an amount, a later name taken back, "aur saman" (more
goods), "remind me … her", "open an account for X"."""

from __future__ import annotations

import pytest

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW


def said(text: str) -> list[tuple[str, object, object, Decision]]:
    return [
        (
            c.intent.value,
            c.entities.get("customer", c.entities.get("customer_ref")),
            c.entities.get("amount"),
            c.decision,
        )
        for c in parse(text, NOW)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Heera ji ko 150 udhaar, Sona ko 80 udhaar, aur dono ko kal shaam reminder",
        "150 credit for Heera and 80 for Sona, and remind both of them tomorrow evening",
    ],
)
def test_a_group_word_after_names_in_the_same_utterance_is_those_names(text: str) -> None:
    commands = parse(text, NOW)
    reminders = [c for c in commands if c.intent.value == "CREATE_REMINDER"]
    assert [c.entities["customer"] for c in reminders] == ["Heera", "Sona"]
    assert len({c.group for c in reminders}) == 1


def test_a_group_word_with_no_names_before_is_the_ones_last_in_focus() -> None:
    (command,) = parse("dono ko kal reminder bhejo", NOW)
    assert command.entities["customer_ref"] == "recent:2"


@pytest.mark.parametrize(
    "text",
    ["Charlie paid 50, or 500, one sec, then remind him tomorrow", "Chintu ne 50 diye, ya 500"],
)
def test_or_another_amount_after_an_entry_asks_and_is_no_second_entry(text: str) -> None:
    payments = [c for c in parse(text, NOW) if c.intent.value == "RECORD_PAYMENT"]
    assert [c.decision for c in payments] in ([Decision.ASK], [])


@pytest.mark.parametrize(
    "text",
    [
        "Ramesh ko 200 likho, phir Suresh ko bhi 200, nahi Suresh ko mat likho",
        "add 200 for Ryan, then 200 for Neil, no, don't add for Neil",
    ],
)
def test_a_later_name_taken_back_is_not_written(text: str) -> None:
    first, second = said(text)
    assert first[3] is Decision.ACT and second[3] is Decision.SKIP


def test_more_goods_given_is_a_credit() -> None:
    assert said("Om Prakash ne 650 diye cash, phir unko 150 ka aur saman diya") == [
        ("RECORD_PAYMENT", "Om Prakash", 650, Decision.ACT),
        ("ADD_CREDIT", "Om Prakash", 150, Decision.ACT),
    ]


def test_remind_me_about_her_is_the_speakers_and_asks() -> None:
    assert (
        said("add 500 for Julie and remind me tomorrow to collect from her")[1][3] is Decision.ASK
    )


def test_open_an_account_for_someone_creates_it() -> None:
    commands = parse(
        "open an account for Daniel Mathew, number 98450 12345, then give him 1500 credit", NOW
    )
    assert [(c.intent.value, c.entities.get("phone")) for c in commands] == [
        ("CREATE_CUSTOMER", "9845012345"),
        ("ADD_CREDIT", None),
    ]


def test_open_someones_account_is_still_focus() -> None:
    assert said("open Daniel's account")[0][0] == "SET_FOCUS"


@pytest.mark.parametrize(
    "text",
    [
        "Deepa ko 300 udhaar likho aur reminder mat bhejna",
        "add 300 for Diana but don't send her a reminder",
    ],
)
def test_a_write_of_another_kind_held_does_not_hold_the_one_before(text: str) -> None:
    assert [(c[0], c[3]) for c in said(text)] == [
        ("ADD_CREDIT", Decision.ACT),
        ("CREATE_REMINDER", Decision.SKIP),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Sona paid 500, cash or UPI I don't remember",
        "Suresh Pillai paid 800 but I don't remember if it was cash or UPI",
    ],
)
def test_not_remembering_is_no_reminder(text: str) -> None:
    assert [(c[0], c[3]) for c in said(text)] == [("RECORD_PAYMENT", Decision.ASK)]


@pytest.mark.parametrize(
    "text",
    ["सलमा के खाते में 800 उधार चढ़ाओ और उसे कल रिमाइंडर भेज दो", "रवि ने 500 दिए और फिर उसे कल याद दिलाओ"],
)
def test_use_in_hindi_script_is_the_one_just_named(text: str) -> None:
    assert [c[1] for c in said(text)] == [text.split()[0]] * 2
    assert all(c[3] is Decision.ACT for c in said(text))


def test_use_beside_an_entry_is_the_entry() -> None:
    (command,) = parse("पिछली एंट्री गलत हो गई उसे हटा दो", NOW)
    assert "customer_ref" not in command.entities


def test_him_after_a_write_held_for_want_of_a_name_asks() -> None:
    commands = said("मार्क बिटिया 650 दे गई है और उसे अगले हफ्ते बाकी के लिए रिमाइंडर भेजना")
    assert [c[3] for c in commands] == [Decision.ASK, Decision.ASK]


def test_it_after_a_command_for_the_one_in_focus_stays_in_focus() -> None:
    assert [c[3] for c in said("100 credit add karo aur uska reminder kal bhejo")] == [
        Decision.ACT,
        Decision.ACT,
    ]


def test_pehle_ka_is_from_before_not_the_previous_customer() -> None:
    commands = parse("पहले का 700 बाकी है मार्क को अब और उधार मत देना 100 भी नहीं", NOW)
    assert all(c.decision is not Decision.ACT for c in commands)
    assert all(c.entities.get("customer_ref") != "previous" for c in commands)


def test_pehle_wale_is_the_previous_customer() -> None:
    assert said("pehle wale ko 100 udhaar likho")[0][1] == "previous"


def test_a_name_that_is_a_number_word_is_no_quantity() -> None:
    (command,) = parse("bill for Sunny half kg butter and a dozen eggs", NOW)
    assert [i["product"] for i in command.entities["items"]] == ["butter", "eggs"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Munna 300 le gaya udhaar", "Munna"),
        ("दिनेश 650 दे गया है", "दिनेश"),
        ("मुन्ना ३०० उधार ले गया", "मुन्ना"),
    ],
)
def test_the_one_who_came_gave_or_took_and_went_is_the_customer(text: str, name: str) -> None:
    assert said(text)[0][1:] == (name, int(said(text)[0][2]), Decision.ACT)  # type: ignore[call-overload]


@pytest.mark.parametrize(
    "text",
    [
        "Rajan took stuff worth fifteen hundred yesterday, put it on credit",
        "Okay so Daniel took 85, no sorry 58, put it on his tab",
    ],
)
def test_put_it_on_credit_restates_the_entry_before(text: str) -> None:
    assert len(parse(text, NOW)) == 1


def test_put_it_on_someone_elses_tab_moves_the_entry() -> None:
    # Batch 56's writers: "Harsh paid 500, put it in Kunal's account" is Kunal's 500 alone.
    commands = parse("Rahul took 300, put it on Priya's tab", NOW)
    assert [(c.entities.get("customer"), c.entities.get("amount")) for c in commands] == [
        ("Priya", 300)
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Jaggi ne 600 diye, Pappu ne 400 diye, dono cash",
        "नकद में आए हैं ये पैसे, भोलू के 700 और टिंकू के 300 जमा कर लो",
        "sab cash mein, Rahul ne 500 aur Priya ne 300 diye",
    ],
)
def test_one_mode_said_for_all_the_payments(text: str) -> None:
    assert {c.entities.get("mode") for c in parse(text, NOW)} == {"cash"}


def test_a_mode_of_one_payment_is_not_another_s() -> None:
    commands = parse("Rahul ne 500 cash diye aur Priya ne 300 diye", NOW)
    assert [c.entities.get("mode") for c in commands] == ["cash", None]


def test_bhim_who_pays_is_no_bhim_app() -> None:
    commands = parse("शंकर ने 450 दिए और भीम ने 250", NOW)
    assert [c.entities.get("mode") for c in commands] == [None, None]


def test_also_copies_what_was_said_for_the_first() -> None:
    commands = parse("Vinod ko Saturday ko reminder lagao aur Pramod ko bhi", NOW)
    assert [(c.entities["customer"], c.entities["when"]) for c in commands] == [
        ("Vinod", "2025-01-18T10:00:00+05:30"),
        ("Pramod", "2025-01-18T10:00:00+05:30"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Prem ka 500 jama karo, aur Vimal ka 500 mat karna abhi check karna hai",
        "make a bill for Alka for 2 packets of bread, Komal's bill we'll do later",
    ],
)
def test_a_piece_that_borrows_a_verb_keeps_its_own_hold(text: str) -> None:
    assert [c.decision for c in parse(text, NOW)][-1] is Decision.SKIP


def test_a_count_of_bills_is_no_bill() -> None:
    acted = [
        c
        for c in parse("make two bills, 450 for Kurian and 300 for Mathew", NOW)
        if c.decision is Decision.ACT
    ]
    assert [(c.entities["customer"], c.entities["amount"]) for c in acted] == [
        ("Kurian", 450),
        ("Mathew", 300),
    ]


def test_opening_a_khata_with_a_number_creates_it() -> None:
    assert (
        said("Dinesh ka khata kholo number 9876543210 aur usko 500 udhaar bhi likho")[0][0]
        == "CREATE_CUSTOMER"
    )
