"""The read side of the real `bolkhata` command as a newcomer meets it: `analytics` fits an
80-column terminal, `audit` prints times in the shop's time zone (Asia/Kolkata)."""

from __future__ import annotations

import re

import pytest

from interfaces.readcli import open_services
from tests.e2e.server import bolkhata
from tests.integration.sessions import hand_built_session

pytestmark = [pytest.mark.e2e]
NARROW = {"COLUMNS": "80", "TERM": "dumb"}


def sessions(database_url: str, count: int = 3) -> list[str]:
    services = open_services(database_url)
    try:
        ids = [str(hand_built_session(services.store, start=60 * n)) for n in range(count)]
        services.projections.catch_up()
        return ids
    finally:
        services.close()


def test_analytics_fits_80_columns_whole(database_url: str) -> None:
    ids = sessions(database_url)
    for group_by, labels in (
        ("intent", ["CHECK_BALANCE", "ADD_CREDIT"]),
        ("session", [i[:8] for i in ids]),
        ("day", ["2026-11-25"]),
        ("customer", ["Rahul Sharma"]),
    ):
        out = bolkhata(
            "analytics", "--group-by", group_by, "--database-url", database_url, env=NARROW
        )
        lines = out.splitlines()
        assert max(map(len, lines)) <= 80, out
        assert "…" not in out, out  # nothing cut short to fit
        assert "wait ms" in out and "p50/95/99" in out
        for label in labels:
            # One line per group: label, task count, three rates and both latency triples.
            row = next(line for line in lines if line.startswith(label))
            assert re.search(r"\d+\s+\d+%\s+\d+%\s+\d+%\s+\S+/\S+/\S+\s+\S+/\S+/\S+$", row), row


def test_audit_prints_times_in_the_shops_zone(database_url: str) -> None:
    conversation = sessions(database_url, count=1)[0]
    timeline = bolkhata("audit", conversation, "--database-url", database_url, env=NARROW)
    times = re.findall(r"^\s+\d+\s+(\S+)\s", timeline, flags=re.MULTILINE)
    assert len(times) == 19
    assert all(t.endswith("+05:30") for t in times), times
    # A unique prefix, as `analytics --group-by session` prints it, names the same session.
    short = bolkhata("audit", conversation[:8], "--database-url", database_url, env=NARROW)
    assert short == timeline
    state = bolkhata(
        "audit", conversation, "--at", "19", "--database-url", database_url, env=NARROW
    )
    assert "times in Asia/Kolkata" in state
    # The hand-built session queued its first task at 10:00:02 in Kolkata (04:30:02 UTC).
    assert re.search(r"-t1\s+CHECK_BALANCE\s+Rahul Sharma\s+completed\s+10:00:02\s", state), state
    assert max(map(len, state.splitlines())) <= 80, state
