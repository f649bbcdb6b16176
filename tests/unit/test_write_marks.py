"""Read-your-writes marks: the last position this process stored, per shop."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from application.projections.marks import WriteMarks


def recording(position: int, originator: str, shop: str | None = None) -> Any:
    event = SimpleNamespace(originator_id=originator)
    if shop is not None:
        event.shop = shop
    return SimpleNamespace(domain_event=event, notification=SimpleNamespace(id=position))


def test_a_shop_waits_for_its_own_writes_only() -> None:
    marks = WriteMarks()
    marks.observe([recording(1, "a", shop="s1"), recording(2, "b", shop="s2")])
    marks.observe([recording(5, "a"), recording(7, "b")])  # later events name no shop
    assert marks.target("s1") == 5
    assert marks.target("s2") == 7
    assert marks.target("s3") == 0
    assert marks.target() == 7


def test_an_aggregate_never_seen_created_counts_for_every_shop() -> None:
    marks = WriteMarks()
    marks.observe([recording(3, "a", shop="s1"), recording(9, "unknown")])
    assert marks.target("s1") == 9 and marks.target("s2") == 9


def test_forgotten_aggregates_fall_back_to_every_shop() -> None:
    marks = WriteMarks(remembered=1)
    marks.observe([recording(1, "a", shop="s1"), recording(2, "b", shop="s2")])
    marks.observe([recording(4, "a")])  # "a" was forgotten when "b" came
    assert marks.target("s2") == 4
