"""One function per intent that touches the ledger, stock or reminders; a literal registry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from application.khata import Item, Khata, Result
from application.reports import Reports
from application.routines import HANDLERS as ROUTINE_HANDLERS
from domain.errors import CustomerNotFound, InvalidAmount, InvalidPhone, InvalidQuantity
from domain.intents import Intent
from domain.money import format_rupees, to_paise

# A reminder without a time goes out the next morning at 10.
DEFAULT_REMINDER_HOUR = 10


@dataclass(frozen=True)
class TaskContext:
    shop: str
    task_id: str
    customer_id: str | None
    customer_name: str | None
    entities: dict[str, Any]
    now: datetime

    @property
    def customer(self) -> str:
        if self.customer_id is None:
            raise CustomerNotFound("no customer for this command")
        return self.customer_id

    def amount(self) -> int:
        """The spoken amount in paise: exact (no fraction of a paisa) and never guessed."""
        spoken = self.entities.get("amount")
        if spoken is None:
            raise InvalidAmount("no amount was spoken")
        if isinstance(spoken, bool) or not isinstance(spoken, int | float | str):
            raise InvalidAmount(f"not an amount: {spoken!r}")
        return to_paise(spoken, exact=True)

    def when(self) -> datetime:
        spoken = self.entities.get("when")
        if spoken:
            return datetime.fromisoformat(str(spoken))
        tomorrow = (self.now + timedelta(days=1)).replace(
            hour=DEFAULT_REMINDER_HOUR, minute=0, second=0, microsecond=0
        )
        return tomorrow


Handler = Callable[[Khata, Reports, TaskContext], Result]


def check_balance(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return reports.balance(task.shop, task.customer)


def add_credit(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return khata.give_credit(task.shop, task.customer, task.amount(), task.task_id)


def record_payment(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    mode = str(task.entities.get("mode") or "unspecified")  # never guessed
    return khata.receive_payment(task.shop, task.customer, task.amount(), task.task_id, mode)


def _quantity(spoken: Any, default: float | None) -> float:
    """A spoken quantity as a number; only a quantity never spoken takes the default.

    0, a negative or non-numeric value is an input error here or in the domain, never 1.
    """
    if spoken is None and default is not None:
        return default
    if isinstance(spoken, bool) or not isinstance(spoken, int | float | str):
        raise InvalidQuantity(f"not a quantity: {spoken!r}")
    try:
        return float(spoken)
    except ValueError:
        raise InvalidQuantity(f"not a quantity: {spoken!r}") from None


def _unit(spoken: Any) -> str | None:
    return str(spoken) if spoken else None


def create_invoice(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    # A bill item with no quantity spoken ("Rahul ka bread ka bill") is one of the product.
    items: list[Item] = [
        (str(item["product"]), _quantity(item.get("quantity"), 1.0), _unit(item.get("unit")))
        for item in task.entities.get("items") or []
    ]
    if not items and task.entities.get("product"):
        items = [
            (
                str(task.entities["product"]),
                _quantity(task.entities.get("quantity"), 1.0),
                _unit(task.entities.get("unit")),
            )
        ]
    return khata.charge_invoice(task.shop, task.customer, items, task.task_id)


def cancel_invoice(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return khata.cancel_invoice(task.shop, task.customer, task.task_id)


def undo_last_entry(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return khata.undo_last_entry(task.shop, task.customer, task.task_id)


def create_reminder(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    amount = task.amount() if "amount" in task.entities else None
    # The reply says the time as people do ("kal shaam 7 baje"): application/replies.py.
    return khata.schedule_reminder(task.shop, task.customer, task.when(), task.task_id, amount)


def modify_reminder(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return khata.reschedule_reminder(task.shop, task.customer, task.when(), task.task_id)


def cancel_reminder(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return khata.cancel_reminder(task.shop, task.customer, task.task_id)


def create_customer(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    name = str(task.entities.get("customer") or task.customer_name or "")
    phone = task.entities.get("phone")
    return khata.register_customer(task.shop, name, task.task_id, str(phone) if phone else None)


def get_customer_info(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return reports.customer_info(task.shop, task.customer)


def send_statement(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    """Queued in the outbox; the delivery worker sends it (application/delivery.py)."""
    return khata.send_statement(task.shop, task.customer, task.task_id)


def stop_messages(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    """ "Rahul ko message mat bhejna": queued and future messages to the customer fail."""
    return khata.set_messages_allowed(task.shop, task.customer, False, task.task_id)


def allow_messages(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return khata.set_messages_allowed(task.shop, task.customer, True, task.task_id)


def update_phone(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    phone = task.entities.get("phone")
    if not phone:
        raise InvalidPhone("no phone number was spoken")
    return khata.change_phone(task.shop, task.customer, str(phone), task.task_id)


def delete_customer(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return khata.close_account(task.shop, task.customer, task.task_id)


def set_focus(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return reports.balance(task.shop, task.customer)


def check_stock(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    rows = khata.stock(task.shop, task.entities.get("product"))
    summary = ", ".join(f"{row['product']} {row['stock']} {row['unit']}" for row in rows)
    return {"products": rows, "summary": summary or "—"}


def update_stock(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    product = str(task.entities.get("product") or "")
    quantity = _quantity(task.entities.get("quantity"), None)
    return khata.receive_stock(
        task.shop, product, quantity, task.task_id, _unit(task.entities.get("unit"))
    )


def list_reminders(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    rows = reports.reminders(task.shop)
    return {"reminders": rows, "count": len(rows)}  # the reply lists them, times spoken


def daily_summary(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return reports.daily_summary(task.shop, task.now.date())


def total_pending(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return reports.total_pending(task.shop)


def list_balances(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    owing = [row for row in reports.balances(task.shop) if row["balance"] > 0]
    summary = ", ".join(f"{row['name']} {format_rupees(row['balance'])}" for row in owing[:5])
    return {"customers": owing, "count": len(owing), "summary": summary}


def help_text(khata: Khata, reports: Reports, task: TaskContext) -> Result:
    return {}


HANDLERS: dict[Intent, Handler] = {
    Intent.CHECK_BALANCE: check_balance,
    Intent.ADD_CREDIT: add_credit,
    Intent.RECORD_PAYMENT: record_payment,
    Intent.CREATE_INVOICE: create_invoice,
    Intent.CANCEL_INVOICE: cancel_invoice,
    Intent.CREATE_REMINDER: create_reminder,
    Intent.CANCEL_REMINDER: cancel_reminder,
    Intent.MODIFY_REMINDER: modify_reminder,
    Intent.CREATE_CUSTOMER: create_customer,
    Intent.GET_CUSTOMER_INFO: get_customer_info,
    Intent.SEND_STATEMENT: send_statement,
    Intent.STOP_MESSAGES: stop_messages,
    Intent.ALLOW_MESSAGES: allow_messages,
    Intent.UPDATE_CUSTOMER_PHONE: update_phone,
    Intent.DELETE_CUSTOMER: delete_customer,
    Intent.UNDO_LAST_ENTRY: undo_last_entry,
    Intent.CHECK_STOCK: check_stock,
    Intent.UPDATE_STOCK: update_stock,
    Intent.LIST_REMINDERS: list_reminders,
    Intent.DAILY_SUMMARY: daily_summary,
    Intent.TOTAL_PENDING_AMOUNT: total_pending,
    Intent.LIST_CUSTOMER_BALANCES: list_balances,
    Intent.SET_FOCUS: set_focus,
    Intent.HELP: help_text,
}
HANDLERS |= ROUTINE_HANDLERS  # application/routines.py
