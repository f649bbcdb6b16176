"""Messages to customers: one per cause, statuses that only move forward, the retry policy.

A message is keyed by what caused it (a reminder, or the task that asked for a statement), so a
cause queues at most one message however often it is retried or replayed. The retry policy is
pure: the delivery worker (application/delivery.py) asks it what one send's answer means.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import uuid5

from domain.ids import NAMESPACE

KINDS = ("reminder", "statement")
TEMPLATES = {"reminder": "payment_reminder", "statement": "account_statement"}
# queued -> sent -> delivered -> read; failed is final, and may follow queued or sent.
STATUSES = ("queued", "sent", "delivered", "read", "failed")
_RANK = {"queued": 0, "sent": 1, "delivered": 2, "read": 3}

# The Cloud API's error codes that mean "try later" (throttling, temporary outages).
RETRY_CODES = frozenset({"1", "2", "4", "80007", "130429", "131000", "131016", "131056"})
MAX_ATTEMPTS = 8
GIVE_UP_AFTER = timedelta(hours=24)
FIRST_BACKOFF_SECONDS = 1.0
MAX_BACKOFF_SECONDS = 60.0

# Why a message was never handed to the API.
NO_PHONE, OPTED_OUT = "no_phone", "opted_out"


def message_id_for(customer_id: str, cause: str) -> str:
    """The same cause on the same customer always names the same message."""
    return str(uuid5(NAMESPACE, f"message:{customer_id}:{cause}"))


def moves_forward(current: str, new: str) -> bool:
    """Whether a reported status changes a message: never backwards, nothing after failed/read."""
    if current == "failed" or new not in STATUSES:
        return False
    if new == "failed":
        return current in ("queued", "sent")
    return _RANK[new] > _RANK[current]


def whatsapp_number(phone: str) -> str:
    """`to` for the API: the country code 91 and the customer's ten digits."""
    return "91" + phone


@dataclass(frozen=True)
class SendAnswer:
    """What one send attempt came back with.

    `answered` is False when the connection was lost (or timed out) before any answer came:
    the API may or may not have taken the message. `code` is the API's error code as text.
    """

    answered: bool
    http_status: int = 0
    wa_message_id: str | None = None
    code: str = ""
    reason: str = ""

    @property
    def accepted(self) -> bool:
        return self.answered and 200 <= self.http_status < 300 and bool(self.wa_message_id)

    @property
    def worth_retrying(self) -> bool:
        if not self.answered:
            return True
        if self.http_status == 429 or self.http_status >= 500:
            return True
        return self.code in RETRY_CODES

    @property
    def failure_code(self) -> str:
        if not self.answered:
            return "no_answer"
        return self.code or f"http_{self.http_status}"


def backoff_cap(attempt: int) -> float:
    """The most to wait after the given (1-based) failed attempt: 1 s doubling up to 60 s.

    The wait itself is drawn uniformly below this cap ("full jitter"), by the caller."""
    return float(min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** max(attempt - 1, 0)))


def may_try_again(attempts: int, created_at: datetime, now: datetime) -> bool:
    return attempts < MAX_ATTEMPTS and now - created_at < GIVE_UP_AFTER
