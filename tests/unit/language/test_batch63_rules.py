"""Rules batches 63 to 65 led to: dadi, nani, amma, ammi after a name and maulana before one
are titles, not part of the name; "अन्ना" after a name is the title as "anna" is; a mother or
grandmother with no name before her ("90 on amma's account") is someone described: ask.
A perturbation of passing development rows (a title put after the customer's name) then found
kin words and titles from all over India read as a surname; they are titles too, and a title
with no name before it ("uncle ko 200 likh do") asks whose entry it is."""

from __future__ import annotations

import pytest

from domain.intents import Decision, Intent
from domain.language import parse
from tests.unit.language.conftest import NOW, acted, heard


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ganga dadi ko 350 udhaar likh do", "Ganga"),
        ("सुशीला अम्मा ने पौने तीन सौ दिए", "सुशीला"),
        ("Selvi amma ka reminder cancel kar do", "Selvi"),
        ("मौलाना इकबाल साहब ने 1500 नकद दिए", "इकबाल"),
        ("Maulana Rizwan sahab paid 1500 by card", "Rizwan"),
        ("Kamla nani ko 200 udhaar likho", "Kamla"),
    ],
)
def test_an_elders_title_is_no_part_of_the_name(text: str, name: str) -> None:
    assert parse(text, NOW)[0].entities["customer"] == name


@pytest.mark.parametrize(
    "text",
    ["प्रकाश अन्ना को 200 उधार लिखो", "murugan anna ko 200 udhaar likho"],
)
def test_anna_after_a_name_is_the_title_and_the_write_goes_ahead(text: str) -> None:
    assert [customer for _, customer, _ in acted(text)] in (["प्रकाश"], ["Murugan"])


def test_a_mother_with_no_name_before_her_is_asked_about() -> None:
    intent, decision, _ = heard("Chinnu's amma sent her, 90 on amma's account")
    assert (intent, decision) == (Intent.ADD_CREDIT, Decision.ASK)
    assert acted("amma ka 300 likh do") == []


def test_aana_is_no_title() -> None:
    assert acted("arey Heera, kal 500 leke aana, bhoolna mat") == []
    assert "customer" not in parse("arey Heera, kal 500 leke aana, bhoolna mat", NOW)[0].entities


@pytest.mark.parametrize(
    "title",
    ["miyan", "khala", "boudi", "thatha", "appa", "babuji", "jiju", "baba", "saheb", "ben"],
)
def test_kin_words_and_titles_after_a_name_are_no_part_of_it(title: str) -> None:
    assert acted(f"Rahul {title} ko 500 udhaar likho") == [("ADD_CREDIT", "Rahul", 500)]


@pytest.mark.parametrize("title", ["खाला", "बाबूजी", "मियाँ", "जीजू", "बापू"])
def test_devanagari_kin_words_after_a_name_are_no_part_of_it(title: str) -> None:
    assert acted(f"राहुल {title} को 500 रुपये उधार लिखो") == [("ADD_CREDIT", "राहुल", 500)]


@pytest.mark.parametrize(
    "text", ["uncle ko 200 likh do", "baba ko 200 likh do", "bhaiya ka 300 likho"]
)
def test_a_title_with_no_name_asks_whose_entry_it_is(text: str) -> None:
    intent, decision, entities = heard(text)
    assert (intent, decision) == (Intent.ADD_CREDIT, Decision.ASK)
    assert "customer" not in entities


def test_a_title_after_a_name_that_is_a_word_makes_it_a_name() -> None:
    assert acted("May anna ko 200 udhaar likho") == [("ADD_CREDIT", "May", 200)]
    assert acted("मंगल अन्ना ने 300 दिए") == [("RECORD_PAYMENT", "मंगल", 300)]
    assert acted("Geeta ben ko 500 udhaar likho") == [("ADD_CREDIT", "Geeta", 500)]


def test_a_name_that_is_also_a_title_word_stays_a_name() -> None:
    assert acted("Chetan ko 500 udhaar likho") == [("ADD_CREDIT", "Chetan", 500)]
    assert acted("Ben paid 300") == [("RECORD_PAYMENT", "Ben", 300)]


def test_someone_with_a_job_after_the_name_paid() -> None:
    assert acted("Raju tailor gave 1000") == [("RECORD_PAYMENT", "Raju", 1000)]


def test_chai_is_tea_not_six() -> None:
    assert acted("Sunita ko chai do") == []
    assert acted("Rahul ko chhe sau likho") == [("ADD_CREDIT", "Rahul", 600)]


@pytest.mark.parametrize(
    "text",
    [
        "Jeetu ka bill cancel karo, Kamla ji baithiye",
        "Set a reminder for Mr. Bose in 45 minutes, Mohan is here",
        "मुझे शाम 7 बजे दूधवाले को पैसे देना याद दिलाना, सुनीता को चाय दो",
        "Sunita ko chai do, aur Jeetu ka bill cancel karo",
    ],
)
def test_talk_beside_a_name_does_not_borrow_the_command_beside_it(text: str) -> None:
    named = {"Jeetu", "Bose"}  # the one each command was said for
    assert {customer for _, customer, _ in acted(text)} <= named


@pytest.mark.parametrize(
    ("text", "customers"),
    [
        ("Rahul ko 100 likho, Priya ko bhi", ["Rahul", "Priya"]),
        ("रेखा का डेढ़ सौ उधार हाँ और किरण का भी डेढ़ सौ", ["रेखा", "किरण"]),
        ("put 240 on Ananya and 160 on Tiya that's all madam", ["Ananya", "Tiya"]),
        ("नकद में आए हैं ये पैसे, भोलू के 700 और टिंकू के 300 जमा कर लो", ["भोलू", "टिंकू"]),
    ],
)
def test_the_same_command_for_another_customer_still_borrows(
    text: str, customers: list[str]
) -> None:
    assert [customer for _, customer, _ in acted(text)] == customers


@pytest.mark.parametrize("text", ["Ravi anna gave one thousand", "Ravi ben gave one thousand"])
def test_a_title_between_the_payer_and_gave(text: str) -> None:
    assert acted(text) == [("RECORD_PAYMENT", "Ravi", 1000)]


@pytest.mark.parametrize(
    "text",
    [
        "Mangal anna ko 450 udhaar likh do",
        "Mangal ben ke naam 1.5k likh do",
        "Mangal anna took items worth two thousand five hundred on credit",
        "uncle paid 300",
    ],
)
def test_a_title_after_a_word_no_one_is_called_asks_whose_entry_it_is(text: str) -> None:
    intent, decision, entities = heard(text)
    assert decision is Decision.ASK
    assert "customer" not in entities
