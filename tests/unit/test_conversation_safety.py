"""The Conversation aggregate's part of the safety gate: focus history, confirmations, and a
new customer chosen for waiting tasks; each rebuilt from its events as stored."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

import pytest

from domain.conversation import Conversation, InvalidTransition
from tests.conftest import IST

T = datetime(2026, 11, 25, 10, 0, tzinfo=IST)


def replayed(conversation: Conversation) -> Conversation:
    """The aggregate as a store would rebuild it from its pending events."""
    events = conversation.collect_events()
    rebuilt: Conversation | None = None
    for event in events:
        rebuilt = event.mutate(rebuilt)
    assert rebuilt is not None
    return rebuilt


def with_tasks(*task_ids: str) -> Conversation:
    c = Conversation.start("demo", T, uuid4())
    for task_id in task_ids:
        c.queue_task(task_id, "u1", "ADD_CREDIT", {"amount": 50}, 0, None, None, None, T)
    return c


def test_focus_history_keeps_distinct_customers_newest_first() -> None:
    c = Conversation.start("demo", T, uuid4())
    for customer in ("k", "r", "p", "r", "a"):
        c.focus_customer(customer, customer.upper(), 1.0, "named", T)
    assert [f["customer_id"] for f in c.focus_history] == ["a", "r", "p", "k"]
    assert [f["customer_id"] for f in c.recent_customers(2)] == ["r", "a"]  # as spoken
    assert replayed(c).focus_history == c.focus_history


def test_tasks_wait_for_a_confirmation_and_a_yes_releases_them() -> None:
    c = with_tasks("t1", "t2", "t3")
    c.ask_confirmation("u1", ["t1", "t2", "t3"], "likhun?", [], T)
    with pytest.raises(InvalidTransition):
        c.begin_task("t1", T)
    assert [a["task_ids"] for a in c.pending_confirmations()] == [["t1", "t2", "t3"]]
    c.cancel_task("t3", "user", T)  # one of them cancelled meanwhile
    c.answer_confirmation(["t1", "t2", "t3"], "yes", T)
    assert not c.pending_confirmations()
    c.begin_task("t1", T)
    rebuilt = replayed(c)
    assert rebuilt.task("t1").status == "running" and not rebuilt.task("t2").waiting
    with pytest.raises(InvalidTransition):
        c.answer_confirmation(["t1", "t2"], "yes", T)  # answered already
    with pytest.raises(InvalidTransition):
        c.answer_confirmation(["t2"], "maybe", T)


def test_a_new_customer_chosen_names_the_tasks() -> None:
    c = with_tasks("t1")
    options = [{"customer_id": "new", "name": "Naya customer: Suresh Sharma"}]
    c.ask_clarification("t1", "u1", "Kaun sa grahak?", options, T)
    c.choose_new_customer(["t1"], "cust-new", "Suresh Sharma", "t1:new", T)
    record = replayed(c).task("t1")
    assert (record.customer_id, record.customer_name) == ("cust-new", "Suresh Sharma")
    assert (record.new_customer, record.new_customer_task) == ("Suresh Sharma", "t1:new")
    assert not record.waiting
    with pytest.raises(InvalidTransition):
        c.choose_new_customer(["t1"], "cust-new", "Suresh Sharma", "t1:new", T)
