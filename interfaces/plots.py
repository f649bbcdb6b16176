"""Latency charts for `bolkhata analytics --plot` (matplotlib, drawn off-screen)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo


def latency_plot(
    rows: Sequence[dict[str, Any]], path: Path, timezone: str = "Asia/Kolkata"
) -> None:
    """Left: wait and run time of each task over time, in the shop's time zone (as `audit`
    prints it). Right: run time per intent."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    zone = ZoneInfo(timezone)

    figure, (over_time, per_intent) = plt.subplots(1, 2, figsize=(13, 5))
    started = [r for r in rows if r["wait_ms"] is not None]
    times = [datetime.fromisoformat(r["queued_at"]).astimezone(zone) for r in started]
    over_time.scatter(times, [r["wait_ms"] for r in started], s=8, label="wait (queued → started)")
    ran = [r for r in started if r["run_ms"] is not None]
    over_time.scatter(
        [datetime.fromisoformat(r["queued_at"]).astimezone(zone) for r in ran],
        [r["run_ms"] for r in ran],
        s=8,
        label="run (started → ended)",
    )
    over_time.set_title("Task latency over time")
    over_time.set_ylabel("ms")
    over_time.set_xlabel(f"queued at ({timezone})")
    locator = mdates.AutoDateLocator(tz=zone)
    over_time.xaxis.set_major_locator(locator)
    over_time.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, tz=zone))
    over_time.legend()
    figure.autofmt_xdate()

    by_intent: dict[str, list[int]] = defaultdict(list)
    for r in ran:
        by_intent[r["intent"]].append(r["run_ms"])
    intents = sorted(by_intent)
    if intents:
        per_intent.boxplot([by_intent[i] for i in intents], showfliers=False)
        per_intent.set_xticks(range(1, len(intents) + 1), intents, rotation=45, ha="right")
    per_intent.set_title("Run time per intent")
    per_intent.set_ylabel("ms")
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
