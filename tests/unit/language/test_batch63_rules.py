"""Rules batches 63 to 65 led to: dadi, nani, amma, ammi after a name and maulana before one
are titles, not part of the name; "अन्ना" after a name is the title as "anna" is; a mother or
grandmother with no name before her ("90 on amma's account") is someone described: ask."""

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
