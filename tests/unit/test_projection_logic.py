"""Projection logic and analytics arithmetic, in memory: no database."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

from eventsourcing.utils import get_topic

from application.analytics import parse_bound, percentile, summarize
from application.projections import (
    CONVERSATIONS,
    CUSTOMERS,
    DAILY,
    TASKS,
    ConversationIndex,
    CustomerBalances,
    MemoryView,
    TaskMetrics,
    record_of,
)
from domain.conversation import Conversation
from domain.ledger import CustomerAccount
from tests.conftest import IST

T0 = datetime(2026, 11, 25, 23, 59, 59, tzinfo=IST)


def apply_all(projection: Any, aggregate: Any, view: MemoryView) -> None:
    for event in aggregate.collect_events():
        topic = get_topic(type(event))
        if topic in projection.topics:
            projection.apply(record_of(0, topic, event), view)


def session() -> Conversation:
    c = Conversation.start("demo", T0, uuid4())
    c.queue_task("t1", "u1", "CHECK_BALANCE", {}, 5, None, None, None, T0)
    c.begin_task("t1", T0 + timedelta(milliseconds=120))
    c.complete_task("t1", {}, "ok", "hinglish", T0 + timedelta(milliseconds=420))
    c.end(T0 + timedelta(seconds=2))
    return c


def test_task_metrics_measure_wait_and_run_and_count_by_day_in_the_shop_zone() -> None:
    view = MemoryView()
    apply_all(TaskMetrics(view=None), session(), view)  # type: ignore[arg-type]
    [task] = view.select(TASKS, {})
    assert (task["wait_ms"], task["run_ms"], task["outcome"]) == (120, 300, "completed")
    assert task["day"] == "2026-11-25"  # 23:59:59 in Kolkata, though already the 25th in UTC
    [daily] = view.select(DAILY, {})
    assert (daily["tasks"], daily["wait_ms_total"], daily["run_ms_total"]) == (1, 120, 300)


def test_applying_the_same_events_twice_changes_nothing() -> None:
    c = session()
    events = c.collect_events()
    view = MemoryView()
    projection = ConversationIndex(view=None)  # type: ignore[arg-type]
    for _ in range(2):
        for event in events:
            projection.apply(record_of(0, get_topic(type(event)), event), view)
    [row] = view.select(CONVERSATIONS, {})
    assert (row["events"], row["tasks"], row["duration_ms"]) == (5, 1, 2000)


def test_balances_take_back_exactly_what_an_undone_entry_added() -> None:
    account = CustomerAccount.register("demo", "Rahul", None, "t0", uuid4())
    account.give_credit(50_000, "t1", T0)
    account.receive_payment(10_000, "cash", "t2", T0)
    account.give_credit(5_000, "t3", T0)
    account.reverse_last_entry("t4", T0)
    view = MemoryView()
    apply_all(CustomerBalances(view=None), account, view)  # type: ignore[arg-type]
    [row] = view.select(CUSTOMERS, {})
    assert row["balance"] == account.balance == 40_000
    assert row["entries"] == 3


def test_percentiles_use_the_nearest_rank() -> None:
    values = list(range(1, 101))
    assert [percentile(values, p) for p in (50, 95, 99)] == [50, 95, 99]
    assert percentile([7], 99) == 7 and percentile([], 50) is None
    rows = [
        {"outcome": o, "wait_ms": w, "run_ms": r}
        for o, w, r in [("completed", 10, 20), ("failed", 30, 40), ("queued", None, None)]
    ]
    summary = summarize("x", rows)
    assert (summary["tasks"], summary["open"], summary["completion_rate"]) == (3, 1, 0.5)


def test_a_bare_date_bound_covers_the_whole_day() -> None:
    assert parse_bound("2026-11-25", IST) == datetime(2026, 11, 25, tzinfo=IST)
    assert parse_bound("2026-11-25", IST, end=True) == datetime(2026, 11, 26, tzinfo=IST)
    assert parse_bound(None, IST) is None
