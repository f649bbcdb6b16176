"""Which conversations of one shop have tasks left to finish: a new owner recovers only those.

The conversation index knows each conversation's shop and its task counts up to its tracked
position; the notification log after that position (events the index has not applied yet,
say the dead owner's last writes) adds every conversation that queued a task since. The
engine loads each candidate and keeps those of the shop that still have unfinished tasks.
"""

from __future__ import annotations

import time
from uuid import UUID

from application.projections import Projections
from application.projections.conversations import CONVERSATIONS
from application.store import EventStore

INDEX = "conversation_index"
QUEUED = "bolkhata:Conversation.TaskQueued"
PAGE = 1000
SETTLE_SECONDS = 1.0


def unfinished_of(store: EventStore, projections: Projections, shop: str) -> list[UUID]:
    """Candidates (blocking): conversations of `shop` whose tasks may not all have ended."""
    settle(store, projections)
    position = projections.position(INDEX)
    found = {
        str(row["conversation_id"])
        for row in projections[INDEX].view.select(CONVERSATIONS, {"shop": shop})
        if row["tasks"] > row["completed"] + row["failed"] + row["cancelled"]
    }
    start = position
    while True:
        page = store.recorder.select_notifications(
            start, PAGE, topics=(QUEUED,), inclusive_of_start=False
        )
        found.update(str(notification.originator_id) for notification in page)
        if len(page) < PAGE:
            break
        start = page[-1].id
    return [UUID(key) for key in sorted(found)]


def settle(store: EventStore, projections: Projections, seconds: float = SETTLE_SECONDS) -> None:
    """Wait (up to `seconds`) for the read models to reach the log's end as it is now: the
    previous owner's last writes are then in them, for the recovery and for the notices the
    shop's sessions are told on the claim (application/notices.py)."""
    end = store.recorder.max_notification_id() or 0
    if not projections.is_external:
        projections.catch_up(wait=seconds)
        return
    deadline = time.monotonic() + seconds
    while min(projections.positions().values(), default=end) < end:
        if time.monotonic() > deadline:
            return
        time.sleep(0.01)
