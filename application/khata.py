"""Ledger and stock use cases: load, decide, save once; every change keyed by its task id."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

from application.ports import Clock
from application.store import EventStore
from domain.catalogue import canonical, match_product
from domain.errors import CustomerNotFound, DomainError, UnknownProduct
from domain.ids import customer_id_for, product_id_of, shop_id_of
from domain.ledger import CustomerAccount
from domain.limits import DEFAULT_LIMITS, Limits
from domain.messages import message_id_for
from domain.shop import Shop
from domain.stock import Product, from_milli, to_milli
from domain.units import canonical_unit

Result = dict[str, Any]
A = TypeVar("A")
# (product as spoken, quantity, unit as spoken or None for the product's own unit)
Item = tuple[str, float] | tuple[str, float, str | None]


class UnknownShop(DomainError):
    code = "unknown_shop"


class Khata:
    """What a shop can do to its ledger and shelf; methods return plain, JSON-ready dicts."""

    def __init__(
        self,
        store: EventStore,
        clock: Clock,
        limits: Limits = DEFAULT_LIMITS,
        sole_writer: Callable[[str], bool] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.limits = limits  # the shop's bounds on one amount and one quantity (Settings)
        # Whether this process alone writes the shop's ledger (it owns the shop).
        self.sole_writer = sole_writer or self.shared

    @staticmethod
    def shared(shop: str) -> bool:
        """Other processes may write any shop's ledger."""
        return False

    # Loading: `cached` reads come from the aggregate cache when this process alone writes the
    # shop (`sole_writer`); a write may start from one, as a stale copy fails the save's
    # version check and the retry reads afresh.

    def shop(self, slug: str, *, cached: bool = False) -> Shop:
        shop = self._load(slug, shop_id_of(slug), Shop, cached)
        if shop is None:
            raise UnknownShop(f"no shop {slug!r}")
        return shop

    def account(
        self, shop: str, customer_id: str | UUID, *, cached: bool = False
    ) -> CustomerAccount:
        try:
            key = UUID(str(customer_id))
        except ValueError:
            raise CustomerNotFound(f"no customer {customer_id!r}") from None
        account = self._load(shop, key, CustomerAccount, cached)
        # Another shop's customer is as unknown as one that never existed.
        if account is None or account.shop != shop:
            raise CustomerNotFound(f"no customer {customer_id!r} in this shop")
        return account

    def _load(self, shop: str, key: UUID, kind: type[A], cached: bool) -> A | None:
        if cached and self.sole_writer(shop):
            return self.store.known(key, kind)
        return self.store.get(key, kind)

    def product(self, shop: str, spoken: str) -> Product:
        name = match_product(spoken, self.shop(shop).products)
        product = self.store.get(product_id_of(shop, name), Product) if name else None
        if product is None:
            raise UnknownProduct(f"{spoken!r} is not a product of this shop")
        return product

    # Shop and customers

    def open_shop(self, slug: str, name: str) -> Result:
        if self.store.get(shop_id_of(slug), Shop) is None:
            self.store.save(Shop.open(slug, name, shop_id_of(slug)))
        return {"shop": slug}

    def register_customer(
        self, shop: str, name: str, task_id: str, phone: str | None = None
    ) -> Result:
        account_id = customer_id_for(shop, task_id)

        def attempt() -> Result:
            existing = self.store.get(account_id, CustomerAccount)
            if existing is None:
                directory = self.shop(shop)
                account = CustomerAccount.register(shop, name, phone, task_id, account_id)
                directory.list_customer(customer_id=str(account_id), name=account.name)
                self.store.save(directory, account)
                existing = account
            return self._describe(existing) | {"created": True}

        return self.store.retrying(attempt)

    def directory(self, shop: str) -> list[Result]:
        return [
            {"customer_id": listing.customer_id, "name": listing.name}
            for listing in self.shop(shop, cached=True).active_customers()
        ]

    def change_phone(self, shop: str, customer_id: str, phone: str, task_id: str) -> Result:
        return self._change(shop, customer_id, task_id, lambda a: a.change_phone(phone, task_id))

    def close_account(self, shop: str, customer_id: str, task_id: str) -> Result:
        def attempt() -> Result:
            account = self.account(shop, customer_id)
            if not account.has_handled(task_id):
                account.close(task_id)
                directory = self.shop(shop)
                directory.unlist_customer(customer_id=str(account.id))
                self.store.save(account, directory)
            return self._describe(account) | account.outcome_of(task_id)

        return self.store.retrying(attempt)

    # Money

    def give_credit(self, shop: str, customer_id: str, amount: int, task_id: str) -> Result:
        now = self.clock.now()
        return self._change(
            shop, customer_id, task_id, lambda a: a.give_credit(amount, task_id, now, self.limits)
        )

    def receive_payment(
        self, shop: str, customer_id: str, amount: int, task_id: str, mode: str = "cash"
    ) -> Result:
        now = self.clock.now()
        return self._change(
            shop,
            customer_id,
            task_id,
            lambda a: a.receive_payment(amount, mode, task_id, now, self.limits),
        )

    def charge_invoice(
        self, shop: str, customer_id: str, items: Sequence[Item], task_id: str
    ) -> Result:
        """Price each item from the shelf and take it off stock in the same transaction.

        A quantity spoken in another unit is converted to the product's ("2 dozen" eggs sold
        by the piece are 24); one that cannot convert or rounds to nothing is refused.
        """

        def attempt() -> Result:
            account = self.account(shop, customer_id)
            if not account.has_handled(task_id):
                products, lines = self._sell(shop, items, task_id)
                account.charge_invoice(task_id, lines, task_id, self.clock.now(), self.limits)
                self.store.save(account, *products)
            return self._describe(account) | account.outcome_of(task_id)

        return self.store.retrying(attempt)

    def _sell(
        self, shop: str, items: Sequence[Item], task_id: str
    ) -> tuple[list[Product], list[dict[str, Any]]]:
        if not items:
            raise UnknownProduct("a bill needs at least one item")
        wanted: dict[str, tuple[Product, int]] = {}
        for spoken, quantity, *unit in items:
            product = self.product(shop, spoken)
            _, before = wanted.get(product.name, (product, 0))
            milli = to_milli(quantity, unit[0] if unit else None, product.unit)
            wanted[product.name] = (product, before + milli)
        lines = []
        for product, milli in wanted.values():
            # Raises before anything is saved: no partial bill.
            product.sell(milli, task_id, self.limits)
            lines.append(
                {
                    "product": product.name,
                    "quantity": from_milli(milli),
                    "unit": product.unit,
                    "unit_price": product.price,
                    "total": (product.price * milli + 500) // 1000,
                }
            )
        return [product for product, _ in wanted.values()], lines

    def cancel_invoice(
        self, shop: str, customer_id: str, task_id: str, invoice_id: str | None = None
    ) -> Result:
        def attempt() -> Result:
            account = self.account(shop, customer_id)
            if not account.has_handled(task_id):
                invoice = invoice_id or account.last_invoice().entry_id
                self._cancel(shop, account, invoice, task_id)
            return self._describe(account) | account.outcome_of(task_id)

        return self.store.retrying(attempt)

    def _cancel(self, shop: str, account: CustomerAccount, invoice_id: str, task_id: str) -> None:
        entry = next(e for e in account.entries if e.entry_id == invoice_id)
        account.cancel_invoice(invoice_id, task_id, self.clock.now())
        products = []
        for line in entry.items:
            product = self.product(shop, str(line["product"]))
            product.take_back(to_milli(line["quantity"]), task_id)
            products.append(product)
        self.store.save(account, *products)

    def undo_last_entry(self, shop: str, customer_id: str, task_id: str) -> Result:
        def attempt() -> Result:
            account = self.account(shop, customer_id)
            if not account.has_handled(task_id):
                last = account.last_entry()
                if last.kind == "invoice":
                    self._cancel(shop, account, last.entry_id, task_id)
                else:
                    account.reverse_last_entry(task_id, self.clock.now())
                    self.store.save(account)
            return self._describe(account) | account.outcome_of(task_id)

        return self.store.retrying(attempt)

    # Reminders

    def schedule_reminder(
        self,
        shop: str,
        customer_id: str,
        due_at: datetime,
        task_id: str,
        amount: int | None = None,
        message: str = "",
    ) -> Result:
        def change(account: CustomerAccount) -> None:
            due = account.balance if amount is None else amount
            account.schedule_reminder(task_id, due_at, max(due, 0), message, task_id, self.limits)

        return self._change(shop, customer_id, task_id, change)

    def reschedule_reminder(
        self, shop: str, customer_id: str, due_at: datetime, task_id: str
    ) -> Result:
        return self._change(
            shop,
            customer_id,
            task_id,
            lambda a: a.reschedule_reminder(a.active_reminder().reminder_id, due_at, task_id),
        )

    def cancel_reminder(self, shop: str, customer_id: str, task_id: str) -> Result:
        return self._change(
            shop,
            customer_id,
            task_id,
            lambda a: a.cancel_reminder(a.active_reminder().reminder_id, task_id),
        )

    def mark_reminder_sent(
        self, shop: str, customer_id: str, reminder_id: str, task_id: str
    ) -> Result:
        """The reminder counts as sent and its message to the customer is queued, in one save
        (a transactional outbox): whoever marks it first queues the message, once."""
        now = self.clock.now()

        def change(account: CustomerAccount) -> None:
            account.mark_reminder_sent(reminder_id, task_id, now)
            message_id = message_id_for(str(account.id), f"reminder:{reminder_id}")
            account.queue_message(message_id, "reminder", f"reminder:{reminder_id}", task_id, now)

        return self._change(shop, customer_id, task_id, change)

    # Messages to the customer

    def send_statement(self, shop: str, customer_id: str, task_id: str) -> Result:
        """Queue the customer's statement (SEND_STATEMENT); the delivery worker sends it."""
        now = self.clock.now()

        def change(account: CustomerAccount) -> None:
            message_id = message_id_for(str(account.id), f"statement:{task_id}")
            account.queue_message(message_id, "statement", f"statement:{task_id}", task_id, now)

        return self._change(shop, customer_id, task_id, change)

    def set_messages_allowed(
        self, shop: str, customer_id: str, allowed: bool, task_id: str
    ) -> Result:
        """ "Rahul ko message mat bhejna": no message reaches the customer until allowed again."""

        def change(account: CustomerAccount) -> None:
            if allowed:
                account.opt_in(task_id)
            else:
                account.opt_out(task_id)

        return self._change(shop, customer_id, task_id, change)

    # Stock

    def add_product(
        self, shop: str, name: str, unit: str, price: int, task_id: str, stock: float = 0
    ) -> Result:
        def attempt() -> Result:
            product_id = product_id_of(shop, name)
            product = self.store.get(product_id, Product)
            if product is None:
                directory = self.shop(shop)
                product = Product.new(shop, name, unit, price, product_id, self.limits)
                directory.list_product(product_id=str(product_id), name=product.name)
                if stock:
                    product.receive(to_milli(stock), task_id, self.limits)
                self.store.save(directory, product)
            return self._describe_product(product)

        return self.store.retrying(attempt)

    def receive_stock(
        self, shop: str, spoken: str, quantity: float, task_id: str, unit: str | None = None
    ) -> Result:
        """Stock that arrives for a product the shop never listed lists it, price unset.

        The quantity is converted to the product's unit like a bill's ("500 g" of a kg
        product is 0.5); `received` is what was added, in the product's unit.
        """
        listing_unit = canonical_unit(unit) or "piece"
        if listing_unit == "dozen":
            listing_unit = "piece"  # eggs arrive by the dozen and sell by the piece

        def attempt() -> Result:
            try:
                product = self.product(shop, spoken)
            except UnknownProduct:
                # Listed under the name it is matched by, so "aata" today and "atta" later meet.
                self.add_product(shop, canonical(spoken), listing_unit, 0, task_id)
                product = self.product(shop, spoken)
            milli = to_milli(quantity, unit, product.unit)
            if not product.has_handled(task_id):
                product.receive(milli, task_id, self.limits)
                self.store.save(product)
            return self._describe_product(product) | {"received": from_milli(milli)}

        return self.store.retrying(attempt)

    def stock(self, shop: str, spoken: str | None = None) -> list[Result]:
        if spoken:
            return [self._describe_product(self.product(shop, spoken))]
        products = (self.product(shop, name) for name in sorted(self.shop(shop).products))
        return [self._describe_product(product) for product in products]

    # Shared steps

    def _change(
        self,
        shop: str,
        customer_id: str,
        task_id: str,
        change: Callable[[CustomerAccount], None],
    ) -> Result:
        attempts = itertools.count()

        def attempt() -> Result:
            account = self.account(shop, customer_id, cached=next(attempts) == 0)
            if not account.has_handled(task_id):
                change(account)
                self.store.save(account)
            return self._describe(account) | account.outcome_of(task_id)

        return self.store.retrying(attempt)

    @staticmethod
    def _describe(account: CustomerAccount) -> Result:
        return {
            "customer_id": str(account.id),
            "name": account.name,
            "balance": account.balance,
        }

    @staticmethod
    def _describe_product(product: Product) -> Result:
        return {
            "product_id": str(product.id),
            "product": product.name,
            "unit": product.unit,
            "price": product.price,
            "stock": product.stock,
        }
