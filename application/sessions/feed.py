"""In-process fan-out of a conversation's stored events to the clients watching it.

The feed knows no wire format: it is given a `render` (interfaces/frames.py in the server)
that turns stored events into what a subscriber reads, and renders only when somebody watches.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from application.mailbox import Mailbox

log = logging.getLogger(__name__)
Frame = Any  # what `render` makes of an event; the feed never looks inside
Render = Callable[[Sequence[object]], list[Frame]]


@dataclass(frozen=True)
class PartialTranscript:
    """An interim transcript: shown live, never stored, so it has no seq."""

    text: str
    at: datetime


def _as_is(events: Sequence[object]) -> list[Frame]:
    return list(events)


class Flag:
    """asyncio.Event's set and is_set, which is all a subscription's overflow needs (nobody
    waits on it), without the Event's deque of waiters."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = False

    def set(self) -> None:
        self.value = True

    def is_set(self) -> bool:
        return self.value


class Subscription:
    """One client's bounded queue, read with `async for`: the iteration ends when the
    subscription is closed, or when it overflowed (the client is cut off and must resume).

    Reading is a plain `await` on the queue, so a reader that is cancelled leaves no task
    behind (no "Task was destroyed but it is pending")."""

    def __init__(self, feed: LiveFeed, conversation_id: str, limit: int) -> None:
        self.feed = feed
        self.conversation_id = conversation_id
        # One place more than the limit, for the end marker that wakes a waiting reader.
        self.limit = limit
        # A Mailbox, not an asyncio.Queue: an idle session keeps one (see application/mailbox).
        self.queue: Mailbox[Frame | None] = Mailbox(limit + 1)
        self.overflowed = Flag()
        self.closed = False
        # Called after each offer (a frame queued, or the overflow): a reader that drains with
        # `take` instead of iterating learns there is something to do without waiting in a task.
        self.offered: Callable[[], None] | None = None

    def offer(self, frame: Frame) -> None:
        if self.closed:
            return
        if self.queue.qsize() >= self.limit:
            self.overflowed.set()
        else:
            self.queue.put_nowait(frame)
        if self.offered is not None:
            self.offered()

    def take(self) -> Frame | None:
        """The next frame at once, or None: none waits, or the subscription has ended (closed
        or overflowed, as `async for` sees it)."""
        if self.closed or self.overflowed.is_set() or self.queue.empty():
            return None
        return self.queue.get_nowait()

    def __aiter__(self) -> Subscription:
        return self

    async def __anext__(self) -> Frame:
        # Checked before each frame: a full queue means the reader is behind, not waiting,
        # so an overflow or a close needs no wake-up of its own.
        if self.closed or self.overflowed.is_set():
            raise StopAsyncIteration
        frame = await self.queue.get()
        if frame is None or self.overflowed.is_set():
            raise StopAsyncIteration
        return frame

    async def get(self) -> Frame:
        """The next frame; raises StopAsyncIteration once the subscription has ended."""
        return await self.__anext__()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.feed.unsubscribe(self)
        self.queue.put_nowait(None)  # the limit keeps a place free for it


class LiveFeed:
    """Fan-out that never blocks: a slow subscriber overflows and is flagged alone."""

    def __init__(self, limit: int = 1000, render: Render = _as_is) -> None:
        self.limit = limit
        self.render = render
        self.subscribers: dict[str, set[Subscription]] = {}

    def subscribe(self, conversation_id: str) -> Subscription:
        subscription = Subscription(self, conversation_id, self.limit)
        self.subscribers.setdefault(conversation_id, set()).add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        watchers = self.subscribers.get(subscription.conversation_id, set())
        watchers.discard(subscription)
        if not watchers:
            self.subscribers.pop(subscription.conversation_id, None)

    def publish(self, conversation_id: str, events: Sequence[object]) -> None:
        watchers = list(self.subscribers.get(conversation_id, ()))
        if not watchers or not events:
            return  # nobody watches: nothing is rendered
        try:
            frames = self.render(events)
        except Exception:
            # The events are stored: a frame that cannot be built must not undo the caller's
            # bookkeeping. The watching clients miss these frames until they resume (a replay
            # renders them again from the store).
            log.exception("could not render %d events of %s", len(events), conversation_id)
            return
        for frame in frames:
            for subscription in watchers:
                subscription.offer(frame)
