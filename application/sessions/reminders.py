"""Due reminders reach the shop's live sessions as `ReminderDue` events, then count as sent.

The alarm is handed what it needs as callables (the shop's reminders, marking one sent, the
shop's live sessions, a way to start background work), never the engine itself. Whenever a
session of a shop opens, the shop's sessions are also told what nobody has heard yet
(application/notices.py): reminders that fell due while no session was open, and messages
that will never reach the customer. Each is told once per shop.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from functools import partial
from typing import Any, Protocol

from anyio import to_thread

from application.notice_replies import not_sent
from application.notices import Notice, Notices, by_customer
from application.ports import Clock
from domain.conversation import Conversation
from domain.errors import DomainError
from domain.money import format_rupees

MESSAGE = {
    "hinglish": "Reminder: {name} se {amount} lene hain.",
    "en": "Reminder: collect {amount} from {name}.",
    "hi": "रिमाइंडर: {name} से {amount} लेने हैं।",
}
Row = dict[str, Any]
log = logging.getLogger("bolkhata.reminders")


class Announcer(Protocol):
    """A live session, as far as a due reminder is concerned."""

    @property
    def language(self) -> str: ...

    async def change(self, mutate: Callable[[Conversation], None]) -> None: ...


class ReminderAlarm:
    """One timer per scheduled reminder of every shop that has a live session; no polling."""

    def __init__(
        self,
        clock: Clock,
        *,
        due_reminders: Callable[[str], list[Row]],
        mark_sent: Callable[[str, str, str, str], object],
        sessions_of: Callable[[str], Sequence[Announcer]],
        spawn: Callable[[Coroutine[Any, Any, None]], object],
        notices: Notices | None = None,
    ) -> None:
        self.clock = clock
        self.due_reminders = due_reminders  # blocking: called in a worker thread
        self.mark_sent = mark_sent  # blocking: (shop, customer_id, reminder_id, task_id)
        self.sessions_of = sessions_of
        self.spawn = spawn
        self.notices = notices  # blocking: called in a worker thread
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.watched: set[str] = set()
        # One telling at a time per shop (with a due reminder's own announcement), so that
        # two sessions opening together do not both tell the same notice.
        self.telling: dict[str, asyncio.Lock] = {}

    async def watch(self, shop: str) -> None:
        """Arm the shop's reminders the first time one of its sessions opens; at every open,
        tell the shop's sessions what they have not heard. The telling runs in the
        background, after the caller has subscribed to the new session."""
        first = shop not in self.watched
        if first:
            self.watched.add(shop)
            for row in await to_thread.run_sync(self.due_reminders, shop):
                self.arm(shop, row)
        if self.notices is not None:
            # Only the shop's first open here waits for the read models: later ones read
            # them as they are, so opening a session never queues behind a catch-up.
            self.spawn(self.tell(shop, fresh=first))

    def _lock(self, shop: str) -> asyncio.Lock:
        return self.telling.setdefault(shop, asyncio.Lock())

    async def tell(self, shop: str, *, fresh: bool = True) -> None:
        """Tell every live session of the shop the notices nobody has heard, then mark them
        told. A crash between the two tells them again to the next session (at most once
        more); a conversation never stores one twice."""
        if self.notices is None:
            return
        try:
            async with self._lock(shop):
                if not self.sessions_of(shop):
                    return
                notices = await to_thread.run_sync(partial(self.notices.untold, shop, fresh=fresh))
                if notices and await self._tell_sessions(shop, notices):
                    await to_thread.run_sync(self.notices.mark_told, shop, by_customer(notices))
        except Exception:  # the database away, say: told at the next open
            log.exception("telling shop %s what it missed failed", shop)

    async def _tell_sessions(self, shop: str, notices: list[Notice]) -> bool:
        heard = False
        for session in list(self.sessions_of(shop)):
            now = self.clock.now()
            try:
                await session.change(partial(tell_all, notices=notices, now=now))
                heard = True
            except Exception:
                log.exception("a session of shop %s could not be told", shop)
        return heard

    def arm(self, shop: str, row: Row) -> None:
        self.disarm(row["reminder_id"])
        due = datetime.fromisoformat(row["due_at"])
        delay = max(0.0, (due - self.clock.now()).total_seconds())
        loop = asyncio.get_running_loop()
        self.timers[row["reminder_id"]] = loop.call_later(delay, self._fire_soon, shop, row)

    def disarm(self, reminder_id: str) -> None:
        timer = self.timers.pop(reminder_id, None)
        if timer is not None:
            timer.cancel()

    def task_finished(self, shop: str, intent: str, result: dict[str, Any]) -> None:
        """Keep the timers in step with what the tasks did to reminders."""
        reminder_id = result.get("reminder_id")
        if not reminder_id or shop not in self.watched:
            return
        if intent in ("CREATE_REMINDER", "MODIFY_REMINDER"):
            row = {
                "reminder_id": reminder_id,
                "customer_id": result["customer_id"],
                "name": result["name"],
                "due_at": result["due_at"],
                "amount": result.get("balance", 0),
            }
            self.arm(shop, row)
        elif intent == "CANCEL_REMINDER":
            self.disarm(reminder_id)

    def _fire_soon(self, shop: str, row: Row) -> None:
        self.spawn(self._fire(shop, row))

    async def _fire(self, shop: str, row: Row) -> None:
        self.timers.pop(row["reminder_id"], None)
        if not self.sessions_of(shop):
            self.watched.discard(shop)  # armed again when the shop's next session opens
            return
        async with self._lock(shop):
            try:
                await to_thread.run_sync(
                    self.mark_sent,
                    shop,
                    row["customer_id"],
                    row["reminder_id"],
                    f"reminder-due:{row['reminder_id']}",
                )
            except DomainError:
                pass  # cancelled, or marked by the scanner meanwhile: then told just below
            else:
                await self._announce(shop, row)
        # Its message may have failed at once (no phone, opted out): told now, with it.
        await self.tell(shop)

    async def _announce(self, shop: str, row: Row) -> None:
        sessions = list(self.sessions_of(shop))
        for session in sessions:
            message = reminder_text(row["name"], int(row["amount"]), session.language)
            await session.change(partial(announce, row=row, message=message))
        if self.notices is not None and sessions:
            told = {row["customer_id"]: [f"reminder:{row['reminder_id']}"]}
            try:
                await to_thread.run_sync(self.notices.mark_told, shop, told)
            except Exception:  # heard here; the next session may hear it once more
                log.exception("reminder %s: could not mark it told", row["reminder_id"])


def reminder_text(name: str, amount: int, language: str) -> str:
    template = MESSAGE.get(language, MESSAGE["hinglish"])
    return template.format(name=name, amount=format_rupees(amount))


def announce(conversation: Conversation, *, row: Row, message: str) -> None:
    # A reminder told here already (by the shop's notices) is not stored again.
    conversation.announce_reminder(
        reminder_id=row["reminder_id"],
        customer_id=row["customer_id"],
        name=row["name"],
        message=message,
        due_at=datetime.fromisoformat(row["due_at"]),
    )


def tell_all(conversation: Conversation, *, notices: list[Notice], now: datetime) -> None:
    """Each notice once in this conversation, in its language (one told here already is not
    stored again)."""
    for notice in notices:
        if notice.reminder_id is not None:
            conversation.announce_reminder(
                reminder_id=notice.reminder_id,
                customer_id=notice.customer_id,
                name=notice.name,
                message=reminder_text(notice.name, notice.amount, conversation.language),
                due_at=datetime.fromisoformat(notice.at),
            )
        elif notice.message_id is not None:
            conversation.tell_message_failed(
                message_id=notice.message_id,
                customer_id=notice.customer_id,
                name=notice.name,
                kind=notice.kind,
                code=notice.code,
                reason=notice.reason,
                reply=not_sent(notice.name, notice.kind, notice.code, conversation.language),
                at=now,
            )
