"""Notices are told once: a conversation stores a reminder or a failed message once, an account
marks a notice told once; the failure replies speak the session's language."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import uuid4

import pytest

from application.notice_replies import not_sent
from domain.conversation import Conversation
from domain.ledger import CustomerAccount

NOW = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def names(aggregate: Conversation | CustomerAccount) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]


def test_a_conversation_stores_each_reminder_and_failed_message_once() -> None:
    c = Conversation.start("demo", NOW, uuid4())
    assert c.announce_reminder("r1", "c1", "Rahul Sharma", "Collect ₹100.", NOW) is True
    assert c.announce_reminder("r1", "c1", "Rahul Sharma", "Collect ₹100.", NOW) is False
    assert c.announce_reminder("r2", "c1", "Rahul Sharma", "Collect ₹100.", NOW) is True
    for expected in (True, False):
        told = c.tell_message_failed("m1", "c1", "Amit", "reminder", "no_phone", "-", "!", NOW)
        assert told is expected
    assert names(c) == ["Started", "ReminderDue", "ReminderDue", "MessageNotSent"]


def test_an_account_marks_a_notice_told_once() -> None:
    account = CustomerAccount.register("demo", "Amit Singh", None, "t0", uuid4())
    assert account.tell_shopkeeper(["reminder:r1", "message:m1", "reminder:r1"], NOW) == [
        "reminder:r1",
        "message:m1",
    ]
    assert account.tell_shopkeeper(["reminder:r1", "message:m2"], NOW) == ["message:m2"]
    assert account.tell_shopkeeper(["message:m2"], NOW) == []
    assert names(account) == ["Registered", "ShopkeeperTold", "ShopkeeperTold"]
    assert set(account.told()) == {"reminder:r1", "message:m1", "message:m2"}


@pytest.mark.parametrize(
    ("code", "kind", "language", "text"),
    [
        (
            "no_phone",
            "reminder",
            "hinglish",
            "Amit ka phone number nahi hai, reminder WhatsApp par nahi gaya. "
            "Pehle number update karein.",
        ),
        (
            "opted_out",
            "statement",
            "en",
            "Amit asked for no messages, so the statement was not sent.",
        ),
        ("131026", "reminder", "hi", "Amit को रिमाइंडर व्हाट्सऐप पर नहीं जा सका (131026)।"),
        (
            "no_phone",
            "reminder",
            "fr",
            "Amit ka phone number nahi hai, reminder WhatsApp par nahi "
            "gaya. Pehle number update karein.",
        ),
    ],
)
def test_what_the_shopkeeper_is_told_about_a_message_not_sent(
    code: str, kind: str, language: str, text: str
) -> None:
    assert not_sent("Amit", kind, code, language) == text
