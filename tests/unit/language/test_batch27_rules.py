"""Rules batches 26 and 27 led to: people told by a job or a place, the shop's own money in
the same breath as a customer's entry, and a name said that no command took."""

from __future__ import annotations

import pytest

from tests.unit.language.conftest import acted


@pytest.mark.parametrize(
    "text",
    [
        "doodh wale bhaiya ka 300 udhaar likh do",
        "dhobi ka 150 likh do udhaar mein",
        "security guard ko 100 ka saman diya hai likh lo",
        "ऊपर वाले फ्लैट से 300 आए हैं",
        "put 300 on the milkman's account",
        "वही जो सुबह आया था 200 और जोड़ दो",
        "the same Raju, the tailor one, add 150",
    ],
)
def test_someone_told_by_a_job_or_a_place_is_asked_about(text: str) -> None:
    assert acted(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Raju tailor ko 450 udhaar likho", "Raju"),
        ("बिरजू हलवाई ने 1500 जमा कराए", "बिरजू"),
        ("Bablu mechanic ne 700 diye paytm se", "Bablu"),
    ],
)
def test_a_name_with_a_job_is_the_name(text: str, name: str) -> None:
    assert [a[1] for a in acted(text)] == [name]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        (
            "akhbaar wale ko 350 diye aur Deepa ne 350 hi jama kiye",
            [("RECORD_PAYMENT", "Deepa", 350)],
        ),
        ("सप्लायर को तीन हज़ार दिए और सुनीता ने ५०० जमा किए", [("RECORD_PAYMENT", "सुनीता", 500)]),
        ("मज़दूरों को 3000 दिए और बंटी का 640 उधार लिखो", [("ADD_CREDIT", "बंटी", 640)]),
        (
            "Pinki ne paytm se 400 diye, bank mein 10000 jama kiye maine",
            [("RECORD_PAYMENT", "Pinki", 400)],
        ),
        ("mandir ke liye 501 diye", []),
        ("Gave him 40 change", []),
        ("Someone paid 200 cash for 180 worth of stuff, gave 20 back", []),
    ],
)
def test_the_shops_own_money_lends_no_verb_and_takes_none(
    text: str, written: list[tuple[str, str, int]]
) -> None:
    assert acted(text) == written
