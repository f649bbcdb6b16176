"""The live feed never blocks the engine: a slow subscriber overflows and is flagged alone."""

from __future__ import annotations

from application.sessions import LiveFeed


def test_a_slow_subscriber_overflows_without_holding_up_others() -> None:
    feed = LiveFeed(limit=3)
    slow = feed.subscribe("c1")
    fast = feed.subscribe("c1")
    elsewhere = feed.subscribe("c2")
    for seq in range(1, 4):
        feed.publish("c1", [{"type": "task:started", "seq": seq}])
        fast.queue.get_nowait()
    assert not slow.overflowed.is_set()
    feed.publish("c1", [{"type": "task:started", "seq": 4}])  # returns at once
    assert slow.overflowed.is_set()
    assert not fast.overflowed.is_set()
    assert fast.queue.get_nowait()["seq"] == 4
    assert elsewhere.queue.empty()
    slow.close()
    fast.close()
    elsewhere.close()
    assert feed.subscribers == {}
