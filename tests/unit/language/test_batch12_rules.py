"""Rules batch 12 led to: the shop's own money is no customer's entry, a half said with its
whole is the half, and names as speech-to-text writes them ("D'Souza", "Mr. Fernandes")."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW, heard, one


@pytest.mark.parametrize(
    "text",
    [
        "doodh wale ko 3200 ka payment kar diya",
        "Amul wale ka hisaab 6500 chuka diya",
        "होलसेलर को दस हज़ार का भुगतान कर दिया",
        "दूधवाले का महीने का हिसाब तीन हज़ार चुकाया",
        "अपनी बहन को दो हज़ार भेजे गूगल पे से",
        "sent 3,000 to my mother on phonepe",
        "borrowed 25,000 from my uncle for the shop",
    ],
)
def test_the_shops_own_money_is_no_customers_entry(text: str) -> None:
    assert [c.intent for c in parse(text, NOW)] == [Intent.UNKNOWN]


def test_the_customer_before_is_still_a_customer() -> None:
    assert one("pehle wale ka 500 jama karo") == (
        "RECORD_PAYMENT",
        {"customer_ref": "previous", "amount": 500},
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Sukhbir ne 800 ka aadha de diya hai", 400),
        ("अनिल ने एक हज़ार में से आधा दिया", 500),
        ("Joseph paid half of his 800", 400),
        ("Lakhwinder ne 1200 mein se aadha diya 600 jama karo", 600),
        ("Joseph ne aadha payment kiya, 500", 500),  # the 500 is the half paid
        ("Give Kishore 2 and a half thousand on credit", 2500),
    ],
)
def test_a_half_said_with_its_whole_is_the_half(text: str, amount: int) -> None:
    assert one(text)[1]["amount"] == amount


def test_an_account_made_whole_is_a_payment() -> None:
    assert one("सलमा का हिसाब पूरा हो गया नौ सौ दे दिए")[0] == "RECORD_PAYMENT"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Mrs D'Souza paid by cheque 3,000", "D'Souza"),
        ("what is the balance of Mr. Fernandes", "Fernandes"),
        ("Dr. Mehta paid 500", "Mehta"),
    ],
)
def test_names_as_speech_to_text_writes_them(text: str, name: str) -> None:
    assert one(text)[1]["customer"] == name


def test_o_clock_is_an_hour() -> None:
    assert one("remind Rahul at 5 o'clock")[1]["when"] == "2025-01-15T17:00:00+05:30"


def test_what_reminders_for_a_customer_lists_them() -> None:
    assert one("what reminders are set for Farhan") == ("LIST_REMINDERS", {"customer": "Farhan"})


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Gurpreet ka 250 ka udhaar likho nahi nahi 520", 520),
        ("मोती लाल का छह सौ उधार लिखो नहीं नहीं आठ सौ", 800),
        ("put 200 on Sandhya's no wait 250", 250),
    ],
)
def test_a_correction_with_no_comma_writes_the_new_amount(text: str, amount: int) -> None:
    assert one(text)[1]["amount"] == amount


def test_a_correction_naming_someone_else_is_not_an_amount_change() -> None:
    assert "amount" not in one("Rahul ko 500 likho nahi Priya ko 200")[1]


@pytest.mark.parametrize(
    "text",
    ["Sunita paid off her whole 1,500", "सुनीता ने अपना पूरा पंद्रह सौ चुका दिया"],
)
def test_how_much_of_it_is_no_unknown_word(text: str) -> None:
    intent, decision, _ = heard(text)
    assert (intent, decision) == (Intent.RECORD_PAYMENT, Decision.ACT)


@pytest.mark.parametrize(
    "text",
    ["Kiran ka 300 ya 350 tha yaad nahi likh do", "रेखा का तीन सौ था या चार सौ याद नहीं लिख दो"],
)
def test_not_remembering_is_a_doubt_not_a_reminder(text: str) -> None:
    assert heard(text)[:2] == (Intent.ADD_CREDIT, Decision.ASK)


@pytest.mark.parametrize("text", ["should I put 75 on Mohan's tab", "shall I write 340 for Rahul"])
def test_should_i_asks(text: str) -> None:
    assert heard(text)[1] is Decision.SKIP


def test_a_new_customers_number_after_a_comma_is_theirs() -> None:
    assert one("add new customer Meenakshi Sundaram, 9940123456") == (
        "CREATE_CUSTOMER",
        {"customer": "Meenakshi Sundaram", "phone": "9940123456"},
    )


def test_he_goes_on_about_the_customer_just_named() -> None:
    assert [c.entities for c in parse("close Kishore's khata, he has shifted to Pune", NOW)] == [
        {"customer": "Kishore"}
    ]


def test_alright_is_no_part_of_a_name() -> None:
    assert one("morning Mr Thomas alright Thomas paid 2,500 by card")[1]["customer"] == "Thomas"


@pytest.mark.parametrize(
    "text",
    [
        "achha did Neha pay the 400",
        "achha should I put 75 on Mohan's tab",
        "agar Rahul ko, nahi Raju ko 150 udhaar likho",
        "Pappu ne 60 ka doodh liya, likh lo, pata nahi",
        "Bill for Pooja, 3 packets of Maggi and half a kilo of paneer, not sure",
        "Rahul ne 200 diye aur kal 300 aur dega kya?",
    ],
)
def test_a_hold_said_around_the_whole_utterance_holds_every_write(text: str) -> None:
    assert all(c.decision is not Decision.ACT for c in parse(text, NOW) if c.writes)


@pytest.mark.parametrize(
    "text", ["नेहा ने जी पे पर पांच सौ भेजे", "पूजा ने जी पे 999 दिए", "इसका ३०० जी पे आ गया"]
)
def test_ji_pe_before_a_payment_is_g_pay(text: str) -> None:
    assert one(text)[1]["mode"] == "upi"


def test_ji_pe_before_what_is_owed_is_the_honorific() -> None:
    assert "mode" not in one("Sharma ji pe 500 baaki hai")[1]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Bhola ka bill bana do ek bori chawal", "Bhola"),
        ("make Mrs Das a bill for 2 bottles of coke and one packet chips", "Das"),
        ("make an invoice for Sarah 5 kg potatoes and 2 kg onions", "Sarah"),
        ("bill for Sunny 4 candles and 1 toothpaste", "Sunny"),
    ],
)
def test_names_that_are_words_where_only_a_name_can_stand(text: str, name: str) -> None:
    assert one(text)[1]["customer"] == name


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("अनवर को 200 उधार लिखो अरे नहीं सलीम को", "सलीम"),
        ("नरेश को 300 उधार लिखो अरे नहीं सुरेश को", "सुरेश"),
    ],
)
def test_a_correction_with_no_comma_before_it_names_the_customer(text: str, name: str) -> None:
    assert heard(text)[1:] == (Decision.ACT, {"customer": name, "amount": int(text.split()[2])})


@pytest.mark.parametrize(
    "text",
    [
        "Iyer paid 900 but I don't know if it was cash or UPI",
        "Irfan gave me a thousand, can't recall if it was cash or paytm",
        "थॉमस को 700 लिखूँ या 750 समझ नहीं आ रहा",
    ],
)
def test_not_knowing_whether_asks(text: str) -> None:
    assert heard(text)[1] is Decision.ASK


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Murugan sent 1,500 through bank transfer", "Murugan"),
        ("आनंद शर्मा का 7500 बैंक ट्रांसफर से आ गया", "आनंद शर्मा"),
    ],
)
def test_a_customers_bank_transfer_is_their_payment(text: str, name: str) -> None:
    assert heard(text)[:2] == (Intent.RECORD_PAYMENT, Decision.ACT)
    assert heard(text)[2]["customer"] == name


def test_the_shops_own_bank_deposit_is_no_entry() -> None:
    assert [c.intent for c in parse("maine bank mein 5000 jama kiye", NOW)] == [Intent.UNKNOWN]


@pytest.mark.parametrize(
    "text", ["भोला को 200 उधार लिखो", "Bhola ko 200 likho", "भोला का बिल: आधा किलो पनीर, दो पैकेट दूध"]
)
def test_bhola_given_or_owning_something_is_a_name(text: str) -> None:
    assert one(text)[1]["customer"] in ("भोला", "Bhola")


@pytest.mark.parametrize(
    "text", ["Chhotu ki tankhwah 5000 de di", "लड़के को इस महीने की पगार छह हज़ार दी"]
)
def test_wages_the_shop_pays_are_no_entry(text: str) -> None:
    assert [c.intent for c in parse(text, NOW)] == [Intent.UNKNOWN]


def test_a_customers_own_salary_day_is_still_a_promise() -> None:
    assert heard("Pinky ne kaha hai salary aane pe degi")[:2] == (
        Intent.RECORD_PAYMENT,
        Decision.SKIP,
    )


def test_but_leave_it_takes_the_write_back() -> None:
    assert heard("Salim ko 100 udhaar likhna tha par rehne do")[1] is Decision.SKIP


@pytest.mark.parametrize(
    "text", ["गोविंद का 800 जमा करो, नाम गलत हो गया", "add 1,500 to Kamal, no wait, that's wrong"]
)
def test_wrong_with_nothing_right_said_asks(text: str) -> None:
    assert heard(text)[1] is Decision.ASK


def test_a_write_held_stays_held_when_called_wrong() -> None:
    assert heard("Pinky ka 100 jama mat karo, galat hai")[1] is Decision.SKIP


def test_she_after_a_change_of_entry_is_the_one_named() -> None:
    assert one("Give Meera 400 credit. Sorry, not credit, she paid 400") == (
        "RECORD_PAYMENT",
        {"customer": "Meera", "amount": 400},
    )


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Kishore ko 80 udhaar sorry 90", 90),
        ("Anwar bhai ka 1000 jama karo actually 1200", 1200),
        ("कमला जी को 90 उधार, माफ करना, 190", 190),
        ("Add 120 to Mary's tab actually make it 210", 210),
    ],
)
def test_an_amount_said_again_after_sorry_or_actually_stands(text: str, amount: int) -> None:
    assert heard(text)[1:] == (Decision.ACT, heard(text)[2]) and heard(text)[2]["amount"] == amount


def test_sunny_is_never_a_number_to_correct() -> None:
    assert one("Put 50 on Sunny's account, I mean Sunny Singh's")[1] == {
        "customer": "Sunny Singh",
        "amount": 50,
    }


def test_an_entry_changed_to_another_kind_keeps_its_customer() -> None:
    assert one("Rahul ko 500 likho, sorry, 2 kilo cheeni ka bill")[1]["customer"] == "Rahul"


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Ganesh ne 1500 diye paytm se, matlab phonepe se", "upi"),
        ("Ajay Verma ka 1100 jama, cash mein, nahi card", "card"),
        ("Lakshmi paid 500, not cash, card", "card"),
        ("Sandeep paid 1500 by g pay sorry cash", "cash"),
    ],
)
def test_a_mode_corrected_every_way(text: str, mode: str) -> None:
    intent, decision, entities = heard(text)
    assert (decision, entities["mode"]) == (Decision.ACT, mode)


@pytest.mark.parametrize(
    ("text", "intent", "when"),
    [
        (
            "Harish ka reminder kal nahi parso bhejna",
            "CREATE_REMINDER",
            "2025-01-17T10:00:00+05:30",
        ),
        ("शंकर को रिमाइंडर भेजो शनिवार नहीं सोमवार को", "CREATE_REMINDER", "2025-01-20T10:00:00+05:30"),
        ("Gurpreet ka 400 udhaar nahi jama karo", "RECORD_PAYMENT", None),
        ("किशन का 250 जमा नहीं उधार लिखो", "ADD_CREDIT", None),
    ],
)
def test_a_word_of_the_same_kind_after_nahi_replaces_the_one_before(
    text: str, intent: str, when: str | None
) -> None:
    got, decision, entities = heard(text)
    assert (got.value, decision, entities.get("when")) == (intent, Decision.ACT, when)


def test_nahi_before_a_verb_still_holds() -> None:
    assert heard("Rahul ka reminder kal nahi bhejna")[1] is Decision.SKIP


def test_mark_paying_is_a_payment_not_a_mark() -> None:
    assert one("Mark ne 500 online diye, nahi, cash diye") == (
        "RECORD_PAYMENT",
        {"customer": "Mark", "amount": 500, "mode": "cash"},
    )


def test_she_after_a_name_not_understood_asks() -> None:
    assert heard("Give Mark 400 credit. Sorry, not credit, she paid 400")[1] is Decision.ASK


@pytest.mark.parametrize(
    "text", ["मार्क बिटिया चार सौ रुपये दे गई अभी", "मंगल बिटिया चार सौ रुपये दे गई अभी"]
)
def test_a_word_before_an_honorific_is_someone_not_the_one_in_focus(text: str) -> None:
    assert heard(text)[1] is Decision.ASK


def test_and_something_else_brother_is_nobody() -> None:
    assert heard("ढाई सौ संजय के खाते में उधार लिख दो और कुछ भाई")[1:] == (
        Decision.ACT,
        {"customer": "संजय", "amount": 250},
    )


def test_a_name_that_is_a_verb_of_writing_says_nothing_of_the_intent() -> None:
    assert one("मार्क जी का एक लाख आ गया")[0] == "RECORD_PAYMENT"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Lalit Bhatt ne 800 diye cash mein", "Lalit Bhatt"),
        ("naya customer banao Sukhwinder Gill", "Sukhwinder Gill"),
        ("naya customer add karo Sneha Kulkarni", "Sneha Kulkarni"),
    ],
)
def test_whole_names_where_one_word_is_also_a_word_or_after_a_verb(text: str, name: str) -> None:
    assert one(text)[1]["customer"] == name
