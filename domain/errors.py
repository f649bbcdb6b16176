"""The domain's error types; each has a stable code that later layers turn into a spoken reply."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the shop was broken; `code` is stable and machine-readable."""

    code = "domain_error"


class InvalidAmount(DomainError):
    code = "invalid_amount"


class AmountTooLarge(InvalidAmount):
    code = "amount_too_large"


class AccountClosed(DomainError):
    code = "account_closed"


class CustomerNotFound(DomainError):
    code = "customer_not_found"


class DuplicateCustomer(DomainError):
    code = "duplicate_customer"


class UnknownProduct(DomainError):
    code = "unknown_product"


class InsufficientStock(DomainError):
    code = "insufficient_stock"


class NothingToUndo(DomainError):
    code = "nothing_to_undo"


class InvoiceNotFound(DomainError):
    code = "invoice_not_found"


class ReminderNotFound(DomainError):
    code = "reminder_not_found"


class InvalidPhone(DomainError):
    code = "invalid_phone"


class InvalidQuantity(DomainError):
    code = "invalid_quantity"


class QuantityTooLarge(InvalidQuantity):
    code = "quantity_too_large"


class UnitMismatch(InvalidQuantity):
    """The spoken unit does not convert to the product's ("2 kg eggs" sold by the piece)."""

    code = "unit_mismatch"


class InvalidName(DomainError):
    code = "invalid_name"


class OutstandingBalance(DomainError):
    code = "outstanding_balance"


class NotOwner(DomainError):
    """This process no longer owns the conversation's shop: another one claimed it since."""

    code = "not_owner"
