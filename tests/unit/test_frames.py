"""interfaces/frames.py: every stored Conversation event a client sees becomes exactly one frame
that the published schema accepts; the rest are named here as not sent."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

from application.sessions import PartialTranscript
from domain.conversation import Conversation
from interfaces.frames import BUILDERS, frame_of, frames_of
from interfaces.protocol import STORED_FRAME_TYPES, validate_server_frame

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)
NOT_SENT = {
    "Started",
    "LanguageChosen",
    "CommandRecognized",
    "ClarificationAnswered",
    "NewCustomerChosen",
    "ConfirmationAnswered",
    "OwnerClaimed",  # fencing: which process may change the conversation
    "Ended",
}


def every_event() -> list[object]:
    c = Conversation.start("demo", NOW, uuid4())
    c.claim("host:1", NOW)
    c.start_listening(stt="client", language=None, at=NOW)
    c.choose_language("en", NOW)
    c.receive_transcript("u1", "Rahul ko 100", True, 0.9, "server", NOW)
    c.recognize_command("u1", 0, "ADD_CREDIT", {"amount": 100})
    c.focus_customer("c1", "Rahul Sharma", 0.95, "named", NOW)
    c.queue_task("t1", "u1", "ADD_CREDIT", {"amount": 100}, 1, None, "c1", "Rahul Sharma", NOW)
    c.queue_task("t2", "u1", "CHECK_BALANCE", {}, 2, "t1", None, None, NOW)
    c.queue_task("t3", "u1", "ADD_CREDIT", {"amount": 50_000}, 1, None, "c1", "Rahul", NOW)
    c.queue_task("t4", "u1", "CHECK_BALANCE", {}, 2, None, None, None, NOW)
    c.ask_clarification("t2", "u1", "Which customer?", [{"customer_id": "c1", "name": "R"}], NOW)
    c.answer_clarification("t2", "c1", NOW)
    c.ask_confirmation(
        "u1",
        ["t3"],
        "Sure?",
        [{"answer": "yes", "name": "Yes"}, {"answer": "no", "name": "No"}],
        NOW,
    )
    c.answer_confirmation(["t3"], "yes", NOW)
    c.ask_clarification("t4", "u1", "Which?", [{"customer_id": "new", "name": "New: X"}], NOW)
    c.choose_new_customer(["t4"], "c9", "X", "t4:new", NOW)
    c.begin_task("t1", NOW)
    c.complete_task("t1", {"balance": 100}, "Done.", "en", NOW)
    c.begin_task("t2", NOW)
    c.fail_task("t2", "closed", "khata closed", "Closed.", "en", NOW)
    c.cancel_task("t3", "by you", NOW)
    c.clear_focus("user", NOW)
    c.announce_reminder("r1", "c1", "Rahul Sharma", "Collect ₹100.", NOW)
    c.tell_message_failed("m1", "c1", "Rahul Sharma", "reminder", "no_phone", "no phone", "!", NOW)
    c.stop_listening(NOW)
    c.end(NOW)
    return list(c.collect_events())


def test_every_event_is_either_a_frame_or_named_as_not_sent() -> None:
    events = every_event()
    names = {type(e).__name__ for e in events}
    assert set(BUILDERS) | NOT_SENT == names
    assert not set(BUILDERS) & NOT_SENT


def test_the_frames_are_valid_numbered_by_version_and_cover_every_stored_type() -> None:
    events = every_event()
    frames = frames_of(events)
    assert len(frames) == sum(type(e).__name__ in BUILDERS for e in events)
    for frame in frames:
        assert validate_server_frame(frame) == frame  # already what the wire carries
    assert [f["seq"] for f in frames] == sorted({f["seq"] for f in frames})
    assert {f["type"] for f in frames} == STORED_FRAME_TYPES


def test_a_partial_transcript_is_a_frame_without_seq() -> None:
    frame = frame_of(PartialTranscript("Rahul ko", NOW))
    assert frame == {"type": "transcript:partial", "text": "Rahul ko", "ts": NOW.isoformat()}
