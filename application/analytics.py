"""Task analytics: counts, outcome rates and latency percentiles, computed by query from the
task metrics read model (one row per task), for any time range and grouping."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from application.projections import DAILY, TASKS, Projections
from application.projections.base import Row
from application.projections.runner import READ_WAIT_SECONDS

GROUPS = {"intent": "intent", "session": "conversation_id", "day": "day", "customer": "customer_id"}
PERCENTILES = (50, 95, 99)
FINISHED = ("completed", "failed", "cancelled")


def percentile(values: Sequence[int], p: float) -> int | None:
    """Nearest rank: the smallest value with at least p% of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def parse_bound(text: str | None, zone: ZoneInfo, *, end: bool = False) -> datetime | None:
    """ISO date or time; a bare date starts (or, for `end`, includes) that whole day."""
    if not text:
        return None
    if len(text) == 10:
        return bound_of(date.fromisoformat(text), zone, end=end)
    return bound_of(datetime.fromisoformat(text), zone, end=end)


def bound_of(value: date | None, zone: ZoneInfo, *, end: bool = False) -> datetime | None:
    """A range limit from a date (the whole day, in the shop's zone) or a time (naive: that
    zone); None is no limit. The day after 9999-12-31 does not exist: that end is no limit."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if end and value == date.max:
        return None
    day = value + timedelta(days=1 if end else 0)
    return datetime.combine(day, time(), zone)


def summarize(key: str, rows: Sequence[Row], label: str | None = None) -> dict[str, Any]:
    counts = {outcome: sum(1 for r in rows if r["outcome"] == outcome) for outcome in FINISHED}
    finished = sum(counts.values())
    waits = [r["wait_ms"] for r in rows if r["wait_ms"] is not None]
    runs = [r["run_ms"] for r in rows if r["run_ms"] is not None]
    summary: dict[str, Any] = {
        "key": key,
        "label": label or key,
        "tasks": len(rows),
        **counts,
        "open": len(rows) - finished,
        # Rates are shares of the finished tasks: an open task has no outcome yet.
        "completion_rate": round(counts["completed"] / finished, 4) if finished else None,
        "failure_rate": round(counts["failed"] / finished, 4) if finished else None,
        "cancel_rate": round(counts["cancelled"] / finished, 4) if finished else None,
    }
    for p in PERCENTILES:
        summary[f"wait_ms_p{p}"] = percentile(waits, p)
        summary[f"run_ms_p{p}"] = percentile(runs, p)
    return summary


class Analytics:
    def __init__(self, projections: Projections, timezone: str = "Asia/Kolkata") -> None:
        self.projections = projections
        self.zone = ZoneInfo(timezone)

    def task_rows(
        self, shop: str | None, start: datetime | None = None, end: datetime | None = None
    ) -> list[Row]:
        """Tasks queued in [start, end), oldest first."""
        self.projections.catch_up(wait=READ_WAIT_SECONDS)
        view = self.projections["task_metrics"].view
        rows = view.select(TASKS, {"shop": shop} if shop else {}, order_by=("queued_at",))
        return [r for r in rows if _within(r["queued_at"], start, end)]

    def tasks(
        self,
        shop: str | None,
        group_by: str = "intent",
        start: datetime | None = None,
        end: datetime | None = None,
    ) -> list[dict[str, Any]]:
        if group_by not in GROUPS:
            raise ValueError(f"group_by must be one of {', '.join(GROUPS)}")
        column = GROUPS[group_by]
        groups: dict[str, list[Row]] = defaultdict(list)
        labels: dict[str, str] = {}
        for row in self.task_rows(shop, start, end):
            key = str(row[column] or "-")
            groups[key].append(row)
            if group_by == "customer" and row["customer_name"]:
                labels[key] = row["customer_name"]
        return [summarize(key, groups[key], labels.get(key)) for key in sorted(groups)]

    def daily(self, shop: str) -> list[Row]:
        """Per day, intent and outcome: the stored daily aggregate."""
        self.projections.catch_up(wait=READ_WAIT_SECONDS)
        view = self.projections["task_metrics"].view
        return view.select(DAILY, {"shop": shop}, order_by=("day", "intent", "outcome"))


def _within(queued_at: str, start: datetime | None, end: datetime | None) -> bool:
    moment = datetime.fromisoformat(queued_at)
    return (start is None or moment >= start) and (end is None or moment < end)


def overall(rows: Iterable[Row]) -> dict[str, Any]:
    return summarize("all", list(rows))
