"""The live queue as operators and clients see it: counts, waits and the tasks still shown.

Plain data: the task records themselves, which interfaces/frames.py renders for the wire.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from application.sessions.host import percentile
from domain.conversation import QUEUED, Conversation, TaskRecord

STATUSES = ("queued", "running", "completed", "failed", "cancelled")


def live_tasks(conversation: Conversation, now: datetime, ttl: float) -> list[TaskRecord]:
    """Finished tasks leave the live queue `ttl` seconds after they ended."""
    return [
        t
        for t in conversation.tasks.values()
        if t.ended_at is None or (now - t.ended_at).total_seconds() < ttl
    ]


def queue_status(
    conversation: Conversation,
    now: datetime,
    *,
    ttl: float,
    max_parallel: int,
    waits: Sequence[float],
    with_tasks: bool = True,
) -> dict[str, Any]:
    live = live_tasks(conversation, now, ttl)
    counts = {s: sum(1 for t in live if t.status == s) for s in STATUSES}
    waiting = [t for t in live if t.status == QUEUED]
    oldest = max(((now - t.queued_at).total_seconds() for t in waiting), default=0.0)
    status: dict[str, Any] = counts | {
        "max_parallel": max_parallel,
        "oldest_waiting_seconds": round(oldest, 3),
        "wait_p50_ms": round(percentile(waits, 0.5) * 1000, 2),
        "wait_p95_ms": round(percentile(waits, 0.95) * 1000, 2),
    }
    if with_tasks:
        status["tasks"] = live
    return status


def process_totals(
    stats: Iterable[dict[str, Any]], waits: Sequence[float], start_delays: Sequence[float]
) -> dict[str, Any]:
    """Every session of the process together (GET /api/queue/stats, "process")."""
    stats = list(stats)
    totals: dict[str, Any] = {key: sum(s[key] for s in stats) for key in STATUSES}
    totals["sessions"] = len(stats)
    totals["oldest_waiting_seconds"] = max(
        (s["oldest_waiting_seconds"] for s in stats), default=0.0
    )
    totals["wait_p50_ms"] = round(percentile(waits, 0.5) * 1000, 2)
    totals["wait_p95_ms"] = round(percentile(waits, 0.95) * 1000, 2)
    totals["start_delay_p50_ms"] = round(percentile(start_delays, 0.5) * 1000, 3)
    totals["start_delay_p99_ms"] = round(percentile(start_delays, 0.99) * 1000, 3)
    return totals
