"""Rules batch 43 led to: a greeting whose words read as a number or a name ("Sat sri akal")
opens a command; "1,500 likho" after a corrected entry writes that entry, not a credit."""

from __future__ import annotations

from domain.intents import Intent
from domain.language import parse
from tests.unit.language.conftest import NOW


def test_a_greeting_opens_the_command() -> None:
    [command] = parse("Sat sri akal, Harjinder Singh ji ne 2.5k diye phonepe pe", NOW)
    assert command.entities == {"customer": "Harjinder Singh", "amount": 2500, "mode": "upi"}


def test_write_it_after_a_corrected_entry_is_that_entry() -> None:
    [command] = parse("Malviya ji ne 2,000 diye the, nahi 1,500 the, 1,500 likho", NOW)
    assert (command.intent, command.entities["amount"]) == (Intent.RECORD_PAYMENT, 1500)


def test_two_credits_with_a_verb_each_stay_apart() -> None:
    commands = parse("Rahul ko 100 likho aur 200 add karo", NOW)
    assert [c.entities["amount"] for c in commands] == [100, 200]
