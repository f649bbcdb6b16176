"""The intake on its own: a transcript's commands become tasks on an unsaved Conversation, from
plain inputs (a directory, the rate limiter's room) with no store, no clock and no engine."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import uuid4

import pytest

from application.sessions.gate import Thresholds
from application.sessions.host import NotAllowedNow
from application.sessions.intake import Intake, Utterance, choose, confirm, targets_of
from domain.conversation import Conversation
from domain.intents import Command, Decision, Intent

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
RAHUL = {"customer_id": "c-rahul", "name": "Rahul Sharma"}
RAHUL_VERMA = {"customer_id": "c-rahul-v", "name": "Rahul Verma"}
PRIYA = {"customer_id": "c-priya", "name": "Priya Patel"}
DIRECTORY = [PRIYA, RAHUL]
INTAKE = Intake(Thresholds(confirm_above_paise=10_000_00, max_amount_paise=10**9), rate_limit=10)


def fresh() -> Conversation:
    return Conversation.start("demo", NOW, uuid4(), "hinglish")


def heard(*commands: Command, text: str = "…") -> Utterance:
    return Utterance(utterance_id="u1", text=text, commands=list(commands), confidence=0.87)


def credit(name: str | None = "Rahul", amount: int = 100, **extra: Any) -> Command:
    entities: dict[str, Any] = {"amount": amount} | ({"customer": name} if name else {})
    return Command(Intent.ADD_CREDIT, entities, **extra)


def event_names(conversation: Conversation) -> list[str]:
    return [type(e).__name__ for e in conversation.pending_events]


def test_a_named_credit_is_one_queued_task_for_that_customer_in_one_batch_of_events() -> None:
    conversation = fresh()
    taken = INTAKE.take(conversation, heard(credit()), DIRECTORY, {}, NOW)
    assert taken.task_ids == ["u1-0"] and taken.running_cancels == []
    record = conversation.task("u1-0")
    assert (record.status, record.customer_id, record.customer_name) == (
        "queued",
        "c-rahul",
        "Rahul Sharma",
    )
    assert taken.admitted == ["c-rahul"]
    assert event_names(conversation)[1:] == [
        "TranscriptReceived",
        "CommandRecognized",
        "CustomerFocused",
        "TaskQueued",
    ]


def test_the_stt_confidence_is_stored_with_the_transcript() -> None:
    conversation = fresh()
    INTAKE.take(conversation, heard(credit()), DIRECTORY, {}, NOW)
    [received] = [
        e for e in conversation.pending_events if type(e).__name__ == "TranscriptReceived"
    ]
    assert received.confidence == 0.87  # type: ignore[attr-defined]


def test_running_the_intake_again_on_a_fresh_copy_counts_nothing_twice() -> None:
    """Group commit replays a refused batch: the same room gives the same decisions."""
    room = {"c-rahul": 1}
    first, again = fresh(), fresh()
    taken = INTAKE.take(first, heard(credit(), credit()), DIRECTORY, room, NOW)
    replayed = INTAKE.take(again, heard(credit(), credit()), DIRECTORY, room, NOW)
    assert taken.admitted == replayed.admitted == ["c-rahul"]
    assert [first.task(t).error_code for t in taken.task_ids] == [None, "rate_limited"]
    assert [again.task(t).error_code for t in replayed.task_ids] == [None, "rate_limited"]
    assert room == {"c-rahul": 1}  # the copy it was given is left as it was


def test_an_unknown_name_on_a_credit_asks_and_offers_a_new_customer() -> None:
    conversation = fresh()
    INTAKE.take(conversation, heard(credit("Zubin")), DIRECTORY, {}, NOW)
    record = conversation.task("u1-0")
    assert record.awaiting_clarification
    assert record.clarify_options[-1]["customer_id"] == "new"


def test_two_rahuls_ask_which_and_the_answer_focuses_the_chosen_one() -> None:
    conversation = fresh()
    INTAKE.take(conversation, heard(credit()), [RAHUL, RAHUL_VERMA], {}, NOW)
    assert conversation.task("u1-0").awaiting_clarification
    choose(conversation, ["u1-0"], "c-rahul-v", NOW)
    assert conversation.task("u1-0").customer_name == "Rahul Verma"
    assert conversation.focus == {"customer_id": "c-rahul-v", "name": "Rahul Verma"}


def test_a_skipped_write_is_queued_and_failed_in_the_same_batch() -> None:
    conversation = fresh()
    skipped = credit(decision=Decision.SKIP, reason="negation")
    INTAKE.take(conversation, heard(skipped, text="Rahul ko 100 mat likho"), DIRECTORY, {}, NOW)
    record = conversation.task("u1-0")
    assert (record.status, record.error_code) == ("failed", "not_written")
    assert "'mat'" in record.reply


def test_a_large_credit_waits_for_a_yes_and_no_cancels_it() -> None:
    conversation = fresh()
    INTAKE.take(conversation, heard(credit(amount=20_000)), DIRECTORY, {}, NOW)
    assert conversation.task("u1-0").awaiting_confirmation
    assert confirm(conversation, ["u1-0"], "no", NOW) == 1
    assert conversation.task("u1-0").status == "cancelled"
    with pytest.raises(NotAllowedNow):
        confirm(conversation, ["u1-0"], "yes", NOW)


def test_sabko_is_one_task_per_customer_of_the_directory() -> None:
    conversation = fresh()
    everyone = Command(Intent.CHECK_BALANCE, {"customer_ref": "all"})
    taken = INTAKE.take(conversation, heard(everyone), DIRECTORY, {}, NOW)
    assert [conversation.task(t).customer_name for t in taken.task_ids] == [
        "Priya Patel",
        "Rahul Sharma",
    ]


def test_ruko_cancels_queued_tasks_at_once_and_names_the_running_ones() -> None:
    conversation = fresh()
    INTAKE.take(conversation, heard(credit(), credit("Priya")), DIRECTORY, {}, NOW)
    conversation.begin_task("u1-0", NOW)
    assert targets_of(conversation, "all") == ["u1-0", "u1-1"]
    stop = Utterance("u2", "ruko", [Command(Intent.CANCEL_TASK, {"task_ref": "all"})])
    taken = INTAKE.take(conversation, stop, DIRECTORY, {}, NOW)
    assert taken.running_cancels == ["u1-0"]
    assert conversation.task("u1-1").status == "cancelled"
    assert conversation.task("u2-0").status == "completed"


def test_a_spoken_haan_answers_the_open_confirmation() -> None:
    conversation = fresh()
    INTAKE.take(conversation, heard(credit(amount=20_000)), DIRECTORY, {}, NOW)
    yes = Utterance("u2", "haan", [Command(Intent.ANSWER, {"answer": "yes"})])
    INTAKE.take(conversation, yes, DIRECTORY, {}, NOW)
    assert not conversation.task("u1-0").awaiting_confirmation
    assert conversation.task("u2-0").result == {
        "answer": "yes",
        "answered": 1,
        "question": conversation.confirmations[0]["question"],
    }


def test_a_new_reply_language_is_chosen_before_the_transcript() -> None:
    conversation = fresh()
    english = Utterance("u1", "…", [credit()], language="en")
    INTAKE.take(conversation, english, DIRECTORY, {}, NOW)
    assert event_names(conversation)[1] == "LanguageChosen"
    assert conversation.language == "en"
