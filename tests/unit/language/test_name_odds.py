"""The learned name check: a write whose customer holds a word unlike a name asks."""

from __future__ import annotations

import hashlib
from pathlib import Path

from domain.intents import Command, Decision, Intent
from domain.language.name_odds import NameOdds, held_unlikely_names
from domain.language.normalize import key, tokenize
from infrastructure import name_model

# A model that knows one word as no name: "chechi" (elder sister) far below the threshold.
ODDS = NameOdds({f"key={key('chechi')}": -9.0}, bias=3.0)
TEXT = "Kavita chechi ko 500 udhaar likho"


def credit(customer: str, **held: object) -> Command:
    return Command(Intent.ADD_CREDIT, {"customer": customer, "amount": 500}, **held)  # type: ignore[arg-type]


def test_a_write_whose_customer_has_an_unlikely_word_asks_whose_it_is() -> None:
    [command] = held_unlikely_names(TEXT, [credit("Kavita Chechi")], ODDS)
    assert (command.decision, command.reason) == (Decision.ASK, "customer")


def test_a_name_of_likely_words_is_written() -> None:
    [command] = held_unlikely_names(TEXT, [credit("Kavita")], ODDS)
    assert command.decision is Decision.ACT


def test_reads_and_writes_already_held_are_left_as_they_are() -> None:
    balance = Command(Intent.CHECK_BALANCE, {"customer": "Kavita Chechi"})
    skipped = credit("Kavita Chechi", decision=Decision.SKIP, reason="negation")
    assert held_unlikely_names(TEXT, [balance, skipped], ODDS) == [balance, skipped]


def test_only_the_write_with_the_unlikely_word_asks() -> None:
    text = "Kavita chechi ko 500 aur Ramesh ko 500 udhaar likho"
    first, second = held_unlikely_names(text, [credit("Kavita Chechi"), credit("Ramesh")], ODDS)
    assert (first.decision, second.decision) == (Decision.ASK, Decision.ACT)


def test_the_shipped_model_tells_names_from_the_words_around_them() -> None:
    odds = name_model.load()
    tokens = tokenize("Rahul ko 500 udhaar likh do")
    assert odds.of(tokens, 0) > 0.5  # Rahul
    assert all(odds.of(tokens, i) < odds.threshold for i in (1, 3, 4))  # ko, udhaar, likh


CORPUS_ROWS = [
    "Rahul ko 500 udhaar likho\t2025-01-15T10:00:00+05:30\t"
    '{"commands": [{"intent": "ADD_CREDIT", "entities": {"customer": "Rahul", "amount": 500}}]}\thinglish',
    "Priya ne 300 diye\t2025-01-15T10:00:00+05:30\t"
    '{"commands": [{"intent": "RECORD_PAYMENT", "entities": {"customer": "Priya", "amount": 300}}]}\thinglish',
]


def test_weights_are_trained_again_when_the_corpus_changes(tmp_path: Path) -> None:
    corpus, weights = tmp_path / "corpus.tsv", tmp_path / "odds.json"
    corpus.write_text(CORPUS_ROWS[0] + "\n", encoding="utf-8")
    first = name_model.load(corpus, weights)
    assert name_model.load(corpus, weights) == first  # read back, not trained again
    corpus.write_text("\n".join(CORPUS_ROWS) + "\n", encoding="utf-8")
    assert name_model.load(corpus, weights) != first
    assert f"key={key('priya')}" in name_model.load(corpus, weights).weights


def test_weights_of_the_same_corpus_under_other_features_are_trained_again(tmp_path: Path) -> None:
    corpus, weights = tmp_path / "corpus.tsv", tmp_path / "odds.json"
    corpus.write_text(CORPUS_ROWS[0] + "\n", encoding="utf-8")
    stale = NameOdds({"key=stale": 1.0}, 0.0)
    name_model.save(stale, hashlib.sha256(corpus.read_bytes()).hexdigest(), weights)
    assert name_model.load(corpus, weights) != stale  # the corpus alone no longer vouches
