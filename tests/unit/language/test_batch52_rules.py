"""Rules batch 52 led to: "no" opening a clause corrects only what was said before it, so
"leave it, no need to put 90 on Chandan's" is a negation; change handed back by the speaker
("and I returned 160") is the shop's money."""

from __future__ import annotations

from domain.intents import Decision
from domain.language import parse
from tests.unit.language.conftest import NOW, acted


def test_no_need_after_leave_it_is_a_negation() -> None:
    [command] = parse("leave it, no need to put the 90 rupees on Chandan's account", NOW)
    assert (command.decision, command.reason) == (Decision.SKIP, "negation")


def test_a_name_corrected_still_takes_the_entry() -> None:
    assert acted("Rahul ko, nahi Raju ko 150 udhaar likho") == [("ADD_CREDIT", "Raju", 150)]


def test_change_handed_back_is_no_payment() -> None:
    assert acted("Teresa paid 340 she gave 500 and I returned 160") == []
