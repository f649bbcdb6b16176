"""A voice session built by hand with the Conversation aggregate's own methods."""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import UUID, uuid4

from application.store import EventStore
from domain.conversation import Conversation
from tests.conftest import IST

T0 = datetime(2026, 11, 25, 10, 0, tzinfo=IST)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def hand_built_session(store: EventStore, shop: str = "demo", start: float = 0) -> UUID:
    """Three tasks: one completes, one fails, one is cancelled while queued.

    seq: 1 Started, 2 ListeningStarted, 3 TranscriptReceived, 4 CommandRecognized,
    5 CustomerFocused, 6 TaskQueued(t1), 7 TaskStarted(t1), 8 TranscriptReceived,
    9 CommandRecognized, 10 CommandRecognized, 11 TaskQueued(t2), 12 TaskQueued(t3),
    13 TaskCompleted(t1), 14 TaskStarted(t2), 15 TaskFailed(t2), 16 TaskCancelled(t3),
    17 FocusCleared, 18 ListeningStopped, 19 Ended.
    """
    cid = uuid4()
    p = f"{cid.hex[:6]}-"
    c = Conversation.start(shop, at(start), cid)
    c.start_listening(stt="client", language=None, at=at(start + 1))
    c.receive_transcript(
        p + "u1", "Rahul ka balance check karo", True, 0.9, "client", at(start + 2)
    )
    c.recognize_command(p + "u1", 0, "CHECK_BALANCE", {"customer": "Rahul"})
    c.focus_customer("cust-rahul", "Rahul Sharma", 0.95, "named", at(start + 2))
    c.queue_task(
        p + "t1",
        p + "u1",
        "CHECK_BALANCE",
        {},
        5,
        None,
        "cust-rahul",
        "Rahul Sharma",
        at(start + 2),
    )
    c.begin_task(p + "t1", at(start + 2.25))
    c.receive_transcript(
        p + "u2", "100 credit add karo aur Priya ka balance", True, 0.8, "client", at(start + 3)
    )
    c.recognize_command(p + "u2", 0, "ADD_CREDIT", {"amount": 100})
    c.recognize_command(p + "u2", 1, "CHECK_BALANCE", {"customer": "Priya"})
    c.queue_task(
        p + "t2",
        p + "u2",
        "ADD_CREDIT",
        {"amount": 100},
        5,
        None,
        "cust-rahul",
        "Rahul Sharma",
        at(start + 3),
    )
    c.queue_task(
        p + "t3",
        p + "u2",
        "CHECK_BALANCE",
        {},
        5,
        p + "t2",
        "cust-priya",
        "Priya Patel",
        at(start + 3),
    )
    c.complete_task(
        p + "t1", {"balance": 50000}, "Rahul ka balance ₹500", "hinglish", at(start + 2.75)
    )
    c.begin_task(p + "t2", at(start + 3.5))
    c.fail_task(p + "t2", "closed", "khata closed", "Khata band hai", "hinglish", at(start + 4))
    c.cancel_task(p + "t3", "dependency failed", at(start + 4))
    c.clear_focus("user", at(start + 4.5))
    c.stop_listening(at(start + 5))
    c.end(at(start + 6))
    store.save(c)
    return cid
