"""Several commands per utterance, dependencies, shared context, and the labelled set."""

from __future__ import annotations

from pathlib import Path

from domain.language import parse
from tests import corpus
from tests.unit.language.conftest import NOW

LABELLED = Path(__file__).resolve().parents[2] / "data" / "labelled_utterances.tsv"


def jsons(text: str) -> list[dict[str, object]]:
    return [c.to_json() for c in parse(text, NOW)]


def test_two_credits_split_on_comma() -> None:
    assert jsons("Rahul ko ₹100 dena, Priya ko ₹50 dena") == [
        {"intent": "ADD_CREDIT", "entities": {"customer": "Rahul", "amount": 100}},
        {"intent": "ADD_CREDIT", "entities": {"customer": "Priya", "amount": 50}},
    ]


def test_shared_intent_spoken_once() -> None:
    assert jsons("Rahul ko 100 aur Priya ko 50 udhaar likho") == [
        {"intent": "ADD_CREDIT", "entities": {"customer": "Rahul", "amount": 100}},
        {"intent": "ADD_CREDIT", "entities": {"customer": "Priya", "amount": 50}},
    ]


def test_uska_after_a_name_carries_the_name() -> None:
    assert jsons("Priya ko 200 udhaar likho aur uska balance batao") == [
        {"intent": "ADD_CREDIT", "entities": {"customer": "Priya", "amount": 200}},
        {"intent": "CHECK_BALANCE", "entities": {"customer": "Priya"}},
    ]


def test_aur_phir_marks_a_dependency() -> None:
    commands = parse("Amit ko do lakh udhaar likho aur phir balance batao", NOW)
    assert [c.after_previous for c in commands] == [False, True]
    assert commands[1].entities == {"customer": "Amit"}
    plain = parse("Rahul ka balance batao aur Priya ka reminder hata do", NOW)
    assert [c.after_previous for c in plain] == [False, False]


def test_uske_baad_is_a_dependency_too() -> None:
    commands = parse("Suresh ne 500 jama kiye uske baad uska balance batao", NOW)
    assert [c.intent.value for c in commands] == ["RECORD_PAYMENT", "CHECK_BALANCE"]
    assert commands[1].after_previous


def test_phir_se_means_again_not_then() -> None:
    commands = parse("Rahul ko phir se reminder bhejo", NOW)
    assert [c.intent.value for c in commands] == ["CREATE_REMINDER"]


def test_development_corpus_accuracy_and_no_wrong_writes() -> None:
    # Floors just under the figures of the corpus as it stands (README, "The corpus"): batches
    # 8 to 65 (11,041 rows written by outsiders, 42.3-96.1 % at their first runs) brought them
    # down from 95 %. Wrong writes stay at none.
    scores = corpus.score(corpus.read(corpus.DEVELOPMENT))
    assert scores["all"].rows >= 12000
    for language in ("hinglish", "hindi", "english"):
        assert scores[language].accuracy >= 0.80, language
    assert scores["all"].accuracy >= 0.83
    assert scores["all"].wrong_write_rows == 0


def test_a_command_restated_is_one_command() -> None:
    assert jsons("abhi wali entry galat ho gayi, undo karo") == [
        {"intent": "UNDO_LAST_ENTRY", "entities": {}}
    ]
