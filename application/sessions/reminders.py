"""Due reminders reach the shop's live sessions as `ReminderDue` events, then count as sent.

The alarm is handed what it needs as callables (the shop's reminders, marking one sent, the
shop's live sessions, a way to start background work), never the engine itself.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Sequence
from datetime import datetime
from functools import partial
from typing import Any, Protocol

from anyio import to_thread

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
    ) -> None:
        self.clock = clock
        self.due_reminders = due_reminders  # blocking: called in a worker thread
        self.mark_sent = mark_sent  # blocking: (shop, customer_id, reminder_id, task_id)
        self.sessions_of = sessions_of
        self.spawn = spawn
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.watched: set[str] = set()

    async def watch(self, shop: str) -> None:
        """Arm the shop's reminders the first time one of its sessions opens."""
        if shop in self.watched:
            return
        self.watched.add(shop)
        for row in await to_thread.run_sync(self.due_reminders, shop):
            self.arm(shop, row)

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
        sessions = list(self.sessions_of(shop))
        if not sessions:
            self.watched.discard(shop)  # armed again when the shop's next session opens
            return
        try:
            await to_thread.run_sync(
                self.mark_sent,
                shop,
                row["customer_id"],
                row["reminder_id"],
                f"reminder-due:{row['reminder_id']}",
            )
        except DomainError:
            return  # cancelled or already sent meanwhile
        for session in sessions:
            template = MESSAGE.get(session.language, MESSAGE["hinglish"])
            message = template.format(name=row["name"], amount=format_rupees(int(row["amount"])))
            await session.change(partial(announce, row=row, message=message))


def announce(conversation: Conversation, *, row: Row, message: str) -> None:
    conversation.announce_reminder(
        reminder_id=row["reminder_id"],
        customer_id=row["customer_id"],
        name=row["name"],
        message=message,
        due_at=datetime.fromisoformat(row["due_at"]),
    )
