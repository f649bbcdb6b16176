"""CustomerAccount: one customer's khata; the balance is derived from its entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import (
    AccountClosed,
    InvalidAmount,
    InvalidName,
    InvalidPhone,
    InvoiceNotFound,
    NothingToUndo,
    OutstandingBalance,
    ReminderNotFound,
)
from domain.limits import DEFAULT_LIMITS, Limits
from domain.messages import KINDS, NO_PHONE, OPTED_OUT, moves_forward

# "unspecified": a payment whose mode was not spoken is never guessed as cash.
PAYMENT_MODES = ("cash", "upi", "card", "unspecified")


@dataclass
class Entry:
    """One line of the khata; `effect` is what it adds to what the customer owes (paise)."""

    entry_id: str
    kind: str  # credit | payment | invoice
    effect: int
    task_id: str
    at: datetime
    mode: str | None = None
    items: tuple[dict[str, Any], ...] = ()
    reversed: bool = False


@dataclass
class Reminder:
    reminder_id: str
    due_at: datetime
    amount: int
    message: str
    status: str = "scheduled"  # scheduled | cancelled | sent


@dataclass
class Message:
    """A message to the customer (domain/messages.py): its cause, status and attempts."""

    message_id: str
    kind: str  # reminder | statement
    cause: str
    created_at: datetime
    status: str = "queued"  # queued | sent | delivered | read | failed
    attempts: int = 0
    updated_at: datetime | None = None
    # When the next attempt may start; while an attempt is out, when it counts as lost.
    next_attempt_at: datetime | None = None
    in_flight: bool = False
    wa_message_id: str | None = None
    error_code: str | None = None
    error_reason: str | None = None


def check_amount(amount: int, limits: Limits = DEFAULT_LIMITS) -> None:
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise InvalidAmount(f"amount must be a positive number of paise, got {amount!r}")
    limits.check_amount(amount)


def check_phone(phone: str) -> str:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if digits.startswith("91") and len(digits) == 12:
        digits = digits[2:]
    if len(digits) != 10 or digits[0] not in "6789":
        raise InvalidPhone(f"not an Indian mobile number: {phone!r}")
    return digits


class CustomerAccount(Aggregate):
    TOPIC = "bolkhata:CustomerAccount"

    class Registered(Aggregate.Created):
        TOPIC = "bolkhata:CustomerAccount.Registered"
        shop: str
        name: str
        phone: str | None
        task_id: str

    class Created(Aggregate.Created):
        # The library derives a default creation event for every subclass; ours is above.
        TOPIC = "bolkhata:CustomerAccount.Created"

    @event(Registered)
    def __init__(self, shop: str, name: str, phone: str | None, task_id: str) -> None:
        self.shop = shop
        self.name = name
        self.phone = phone
        self.closed = False
        self.entries: list[Entry] = []
        self.reminders: dict[str, Reminder] = {}
        self.messages: dict[str, Message] = {}
        self.opted_out = False  # the customer asked for no messages
        # What each task did, so a retried task returns its first result and changes nothing.
        self.outcomes: dict[str, dict[str, Any]] = {task_id: {"customer_id": str(self.id)}}

    @classmethod
    def register(
        cls, shop: str, name: str, phone: str | None, task_id: str, account_id: Any
    ) -> CustomerAccount:
        name = " ".join(name.split())
        if not name or len(name) > 80:
            raise InvalidName(f"a customer needs a name of 1 to 80 letters, got {name!r}")
        checked = check_phone(phone) if phone else None
        return cls._create(
            cls.Registered, id=account_id, shop=shop, name=name, phone=checked, task_id=task_id
        )

    @property
    def balance(self) -> int:
        """What the customer owes, in paise (negative: an advance)."""
        return sum(entry.effect for entry in self.entries if not entry.reversed)

    def has_handled(self, task_id: str) -> bool:
        return task_id in self.outcomes

    def outcome_of(self, task_id: str) -> dict[str, Any]:
        return dict(self.outcomes[task_id])

    def _check_open(self) -> None:
        if self.closed:
            raise AccountClosed(f"the khata of {self.name} is closed")

    def _record(self, entry: Entry, extra: dict[str, Any] | None = None) -> None:
        self.entries.append(entry)
        self.outcomes[entry.task_id] = {
            "entry_id": entry.entry_id,
            "kind": entry.kind,
            "amount": abs(entry.effect),
            "balance": self.balance,
            **(extra or {}),
        }

    # Credit and payments

    def give_credit(
        self, amount: int, task_id: str, at: datetime, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self._check_open()
        check_amount(amount, limits)
        self._credit_given(amount=amount, task_id=task_id, at=at)

    @event("CreditGiven", topic="bolkhata:CustomerAccount.CreditGiven")
    def _credit_given(self, amount: int, task_id: str, at: datetime) -> None:
        self._record(Entry(task_id, "credit", amount, task_id, at))

    def receive_payment(
        self, amount: int, mode: str, task_id: str, at: datetime, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self._check_open()
        check_amount(amount, limits)
        if mode not in PAYMENT_MODES:
            raise InvalidAmount(f"payment mode must be one of {PAYMENT_MODES}, got {mode!r}")
        self._payment_received(amount=amount, mode=mode, task_id=task_id, at=at)

    @event("PaymentReceived", topic="bolkhata:CustomerAccount.PaymentReceived")
    def _payment_received(self, amount: int, mode: str, task_id: str, at: datetime) -> None:
        self._record(Entry(task_id, "payment", -amount, task_id, at, mode=mode), {"mode": mode})

    # Invoices

    def charge_invoice(
        self,
        invoice_id: str,
        items: list[dict[str, Any]],
        task_id: str,
        at: datetime,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        """Items carry product, quantity, unit, unit_price and total (paise)."""
        self._check_open()
        total = sum(int(item["total"]) for item in items)
        check_amount(total, limits)
        self._invoice_charged(
            invoice_id=invoice_id, items=items, total=total, task_id=task_id, at=at
        )

    @event("InvoiceCharged", topic="bolkhata:CustomerAccount.InvoiceCharged")
    def _invoice_charged(
        self, invoice_id: str, items: list[dict[str, Any]], total: int, task_id: str, at: datetime
    ) -> None:
        entry = Entry(invoice_id, "invoice", total, task_id, at, items=tuple(items))
        self._record(entry, {"invoice_id": invoice_id, "items": list(items)})

    def last_invoice(self) -> Entry:
        for entry in reversed(self.entries):
            if entry.kind == "invoice" and not entry.reversed:
                return entry
        raise InvoiceNotFound(f"{self.name} has no bill to cancel")

    def cancel_invoice(self, invoice_id: str, task_id: str, at: datetime) -> None:
        self._check_open()
        if not any(
            e.entry_id == invoice_id and e.kind == "invoice" and not e.reversed
            for e in self.entries
        ):
            raise InvoiceNotFound(f"no open bill {invoice_id} for {self.name}")
        self._invoice_cancelled(invoice_id=invoice_id, task_id=task_id, at=at)

    @event("InvoiceCancelled", topic="bolkhata:CustomerAccount.InvoiceCancelled")
    def _invoice_cancelled(self, invoice_id: str, task_id: str, at: datetime) -> None:
        self._reverse(invoice_id, task_id)

    # Undo

    def last_entry(self) -> Entry:
        for entry in reversed(self.entries):
            if not entry.reversed:
                return entry
        raise NothingToUndo(f"{self.name} has no entry to undo")

    def reverse_last_entry(self, task_id: str, at: datetime) -> None:
        """Invoices are undone with cancel_invoice, which also puts the stock back."""
        self._check_open()
        entry = self.last_entry()
        self._entry_reversed(entry_id=entry.entry_id, task_id=task_id, at=at)

    @event("EntryReversed", topic="bolkhata:CustomerAccount.EntryReversed")
    def _entry_reversed(self, entry_id: str, task_id: str, at: datetime) -> None:
        self._reverse(entry_id, task_id)

    def _reverse(self, entry_id: str, task_id: str) -> None:
        entry = next(e for e in self.entries if e.entry_id == entry_id)
        entry.reversed = True
        self.outcomes[task_id] = {
            "entry_id": entry_id,
            "kind": entry.kind,
            "amount": abs(entry.effect),
            "reversed": True,
            "balance": self.balance,
        }

    # Reminders

    def schedule_reminder(
        self,
        reminder_id: str,
        due_at: datetime,
        amount: int,
        message: str,
        task_id: str,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self._check_open()
        if due_at.tzinfo is None:
            raise ValueError("a reminder time must be timezone-aware")
        if amount < 0:
            raise InvalidAmount(f"reminder amount out of range: {amount}")
        limits.check_amount(amount)
        self._reminder_scheduled(
            reminder_id=reminder_id, due_at=due_at, amount=amount, message=message, task_id=task_id
        )

    @event("ReminderScheduled", topic="bolkhata:CustomerAccount.ReminderScheduled")
    def _reminder_scheduled(
        self, reminder_id: str, due_at: datetime, amount: int, message: str, task_id: str
    ) -> None:
        self.reminders[reminder_id] = Reminder(reminder_id, due_at, amount, message)
        self.outcomes[task_id] = {"reminder_id": reminder_id, "due_at": due_at.isoformat()}

    def active_reminder(self) -> Reminder:
        pending = [r for r in self.reminders.values() if r.status == "scheduled"]
        if not pending:
            raise ReminderNotFound(f"{self.name} has no reminder set")
        return max(pending, key=lambda r: r.due_at)

    def reschedule_reminder(self, reminder_id: str, due_at: datetime, task_id: str) -> None:
        self._check_scheduled(reminder_id)
        self._reminder_rescheduled(reminder_id=reminder_id, due_at=due_at, task_id=task_id)

    @event("ReminderRescheduled", topic="bolkhata:CustomerAccount.ReminderRescheduled")
    def _reminder_rescheduled(self, reminder_id: str, due_at: datetime, task_id: str) -> None:
        self.reminders[reminder_id].due_at = due_at
        self.outcomes[task_id] = {"reminder_id": reminder_id, "due_at": due_at.isoformat()}

    def cancel_reminder(self, reminder_id: str, task_id: str) -> None:
        self._check_scheduled(reminder_id)
        self._reminder_cancelled(reminder_id=reminder_id, task_id=task_id)

    @event("ReminderCancelled", topic="bolkhata:CustomerAccount.ReminderCancelled")
    def _reminder_cancelled(self, reminder_id: str, task_id: str) -> None:
        self.reminders[reminder_id].status = "cancelled"
        self.outcomes[task_id] = {"reminder_id": reminder_id, "cancelled": True}

    def mark_reminder_sent(self, reminder_id: str, task_id: str, at: datetime) -> None:
        self._check_scheduled(reminder_id)
        self._reminder_sent(reminder_id=reminder_id, task_id=task_id, at=at)

    @event("ReminderSent", topic="bolkhata:CustomerAccount.ReminderSent")
    def _reminder_sent(self, reminder_id: str, task_id: str, at: datetime) -> None:
        self.reminders[reminder_id].status = "sent"
        self.outcomes[task_id] = {"reminder_id": reminder_id, "sent_at": at.isoformat()}

    # Messages to the customer (domain/messages.py); each keyed by its cause

    def queue_message(
        self, message_id: str, kind: str, cause: str, task_id: str, at: datetime
    ) -> None:
        """Queue once per message id; with no phone, or opted out, it fails at once (nothing
        is sent) so that the shopkeeper can be told why."""
        if message_id in self.messages:
            return
        if kind not in KINDS:
            raise ValueError(f"message kind must be one of {KINDS}, got {kind!r}")
        self._message_queued(
            message_id=message_id,
            kind=kind,
            cause=cause,
            shop=self.shop,
            name=self.name,
            task_id=task_id,
            at=at,
        )
        if self.phone is None or self.opted_out:
            code = NO_PHONE if self.phone is None else OPTED_OUT
            reason = "no phone number" if code == NO_PHONE else "the customer opted out"
            self.fail_message(message_id, code, reason, at)

    @event("MessageQueued", topic="bolkhata:CustomerAccount.MessageQueued")
    def _message_queued(
        self,
        message_id: str,
        kind: str,
        cause: str,
        shop: str,
        name: str,
        task_id: str,
        at: datetime,
    ) -> None:
        self.messages[message_id] = Message(
            message_id, kind, cause, created_at=at, updated_at=at, next_attempt_at=at
        )
        outcome = self.outcomes.setdefault(task_id, {})
        outcome.update({"message_id": message_id, "message_status": "queued"})

    def begin_attempt(self, message_id: str, at: datetime, lost_after: datetime) -> int:
        """Claim the next attempt (a stale save means another worker claimed it first)."""
        message = self.messages[message_id]
        attempt = message.attempts + 1
        self._message_attempted(
            message_id=message_id, attempt=attempt, at=at, lost_after=lost_after
        )
        return attempt

    @event("MessageAttempted", topic="bolkhata:CustomerAccount.MessageAttempted")
    def _message_attempted(
        self, message_id: str, attempt: int, at: datetime, lost_after: datetime
    ) -> None:
        message = self.messages[message_id]
        message.attempts = attempt
        message.in_flight = True
        message.next_attempt_at = lost_after
        message.updated_at = at

    def schedule_retry(
        self, message_id: str, code: str, reason: str, retry_at: datetime, at: datetime
    ) -> None:
        self._message_retry_scheduled(
            message_id=message_id, code=code, reason=reason[:500], retry_at=retry_at, at=at
        )

    @event("MessageRetryScheduled", topic="bolkhata:CustomerAccount.MessageRetryScheduled")
    def _message_retry_scheduled(
        self, message_id: str, code: str, reason: str, retry_at: datetime, at: datetime
    ) -> None:
        message = self.messages[message_id]
        message.in_flight = False
        message.next_attempt_at = retry_at
        message.error_code, message.error_reason = code, reason
        message.updated_at = at

    def message_sent(self, message_id: str, wa_message_id: str, at: datetime) -> None:
        if self.messages[message_id].status != "queued":
            return
        self._message_sent(message_id=message_id, wa_message_id=wa_message_id, at=at)

    @event("MessageSent", topic="bolkhata:CustomerAccount.MessageSent")
    def _message_sent(self, message_id: str, wa_message_id: str, at: datetime) -> None:
        message = self.messages[message_id]
        message.status, message.wa_message_id = "sent", wa_message_id
        message.in_flight, message.next_attempt_at = False, None
        message.error_code = message.error_reason = None
        message.updated_at = at

    def report_status(self, message_id: str, status: str, at: datetime) -> bool:
        """A status the API reported (webhook); only a step forward changes anything."""
        message = self.messages.get(message_id)
        if message is None or status == "failed" or not moves_forward(message.status, status):
            return False
        if status == "delivered":
            self._message_delivered(message_id=message_id, at=at)
        elif status == "read":
            self._message_read(message_id=message_id, at=at)
        else:
            return False  # "sent" is recorded from the send's own answer
        return True

    @event("MessageDelivered", topic="bolkhata:CustomerAccount.MessageDelivered")
    def _message_delivered(self, message_id: str, at: datetime) -> None:
        self.messages[message_id].status = "delivered"
        self.messages[message_id].updated_at = at

    @event("MessageRead", topic="bolkhata:CustomerAccount.MessageRead")
    def _message_read(self, message_id: str, at: datetime) -> None:
        self.messages[message_id].status = "read"
        self.messages[message_id].updated_at = at

    def fail_message(self, message_id: str, code: str, reason: str, at: datetime) -> bool:
        message = self.messages.get(message_id)
        if message is None or not moves_forward(message.status, "failed"):
            return False
        self._message_failed(message_id=message_id, code=code, reason=reason[:500], at=at)
        return True

    @event("MessageFailed", topic="bolkhata:CustomerAccount.MessageFailed")
    def _message_failed(self, message_id: str, code: str, reason: str, at: datetime) -> None:
        message = self.messages[message_id]
        message.status, message.error_code, message.error_reason = "failed", code, reason
        message.in_flight, message.next_attempt_at = False, None
        message.updated_at = at
        for outcome in self.outcomes.values():
            if (
                outcome.get("message_id") == message_id
                and outcome.get("message_status") == "queued"
            ):
                outcome.update({"message_status": "failed", "message_error": code})

    def opt_out(self, task_id: str) -> None:
        self._check_open()
        self._opted_out(task_id=task_id)

    @event("OptedOut", topic="bolkhata:CustomerAccount.OptedOut")
    def _opted_out(self, task_id: str) -> None:
        self.opted_out = True
        self.outcomes[task_id] = {"opted_out": True}

    def opt_in(self, task_id: str) -> None:
        self._check_open()
        self._opted_in(task_id=task_id)

    @event("OptedIn", topic="bolkhata:CustomerAccount.OptedIn")
    def _opted_in(self, task_id: str) -> None:
        self.opted_out = False
        self.outcomes[task_id] = {"opted_out": False}

    # What the shopkeeper was told about this customer, told once per shop whichever session
    # hears it: "reminder:<id>" (fell due) and "message:<id>" (will never go out).

    def told(self) -> dict[str, str]:
        # Accounts stored (or snapshotted) before notices existed have none yet.
        if not hasattr(self, "told_keys"):
            self.told_keys: dict[str, str] = {}
        return self.told_keys

    def tell_shopkeeper(self, keys: list[str], at: datetime) -> list[str]:
        """Mark these notices told; returns those that were not told before."""
        new = [key for key in dict.fromkeys(keys) if key not in self.told()]
        if new:
            self._shopkeeper_told(keys=new, at=at)
        return new

    @event("ShopkeeperTold", topic="bolkhata:CustomerAccount.ShopkeeperTold")
    def _shopkeeper_told(self, keys: list[str], at: datetime) -> None:
        for key in keys:
            self.told()[key] = at.isoformat()

    def _check_scheduled(self, reminder_id: str) -> None:
        reminder = self.reminders.get(reminder_id)
        if reminder is None or reminder.status != "scheduled":
            raise ReminderNotFound(f"no scheduled reminder {reminder_id} for {self.name}")

    # Customer details

    def change_phone(self, phone: str, task_id: str) -> None:
        self._check_open()
        self._phone_changed(phone=check_phone(phone), task_id=task_id)

    @event("PhoneChanged", topic="bolkhata:CustomerAccount.PhoneChanged")
    def _phone_changed(self, phone: str, task_id: str) -> None:
        self.phone = phone
        self.outcomes[task_id] = {"phone": phone}

    def close(self, task_id: str) -> None:
        self._check_open()
        if self.balance != 0:
            raise OutstandingBalance(f"{self.name} still has a balance of {self.balance} paise")
        self._closed(task_id=task_id)

    @event("Closed", topic="bolkhata:CustomerAccount.Closed")
    def _closed(self, task_id: str) -> None:
        self.closed = True
        self.outcomes[task_id] = {"closed": True}
