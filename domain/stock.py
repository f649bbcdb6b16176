"""Product: one item on the shop's shelf; stock in thousandths of its unit, price in paise."""

from __future__ import annotations

from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import InsufficientStock, InvalidAmount, InvalidName, InvalidQuantity
from domain.money import MAX_ENTRY_PAISE

MILLI = 1000
MAX_QUANTITY_MILLI = 1_000_000 * MILLI


def to_milli(quantity: float | int) -> int:
    """1.5 (kilo) -> 1500; quantities are stored as integers so sums never drift."""
    milli = round(float(quantity) * MILLI)
    if milli <= 0 or milli > MAX_QUANTITY_MILLI:
        raise InvalidQuantity(f"quantity must be above 0 and sane, got {quantity!r}")
    return milli


def from_milli(milli: int) -> int | float:
    whole, rest = divmod(milli, MILLI)
    return whole if rest == 0 else milli / MILLI


class Product(Aggregate):
    TOPIC = "bolkhata:Product"

    class Listed(Aggregate.Created):
        TOPIC = "bolkhata:Product.Listed"
        shop: str
        name: str
        unit: str
        price: int

    class Created(Aggregate.Created):
        # The library derives a default creation event for every subclass; ours is above.
        TOPIC = "bolkhata:Product.Created"

    @event(Listed)
    def __init__(self, shop: str, name: str, unit: str, price: int) -> None:
        self.shop = shop
        self.name = name
        self.unit = unit
        self.price = price
        self.stock_milli = 0
        self.outcomes: dict[str, dict[str, Any]] = {}

    @classmethod
    def new(cls, shop: str, name: str, unit: str, price: int, product_id: Any) -> Product:
        name = " ".join(name.lower().split())
        if not name:
            raise InvalidName("a product needs a name")
        if price < 0 or price > MAX_ENTRY_PAISE:
            raise InvalidAmount(f"price out of range: {price}")
        return cls._create(cls.Listed, id=product_id, shop=shop, name=name, unit=unit, price=price)

    @property
    def stock(self) -> int | float:
        return from_milli(self.stock_milli)

    def has_handled(self, task_id: str) -> bool:
        return task_id in self.outcomes

    def receive(self, quantity_milli: int, task_id: str) -> None:
        if quantity_milli <= 0 or self.stock_milli + quantity_milli > MAX_QUANTITY_MILLI:
            raise InvalidQuantity(f"cannot receive {quantity_milli / MILLI} {self.unit}")
        self._stock_received(quantity_milli=quantity_milli, task_id=task_id)

    @event("StockReceived", topic="bolkhata:Product.StockReceived")
    def _stock_received(self, quantity_milli: int, task_id: str) -> None:
        self.stock_milli += quantity_milli
        self.outcomes[task_id] = {"product": self.name, "stock": self.stock}

    def sell(self, quantity_milli: int, task_id: str) -> None:
        if quantity_milli <= 0:
            raise InvalidQuantity(f"cannot sell {quantity_milli / MILLI} {self.unit}")
        if quantity_milli > self.stock_milli:
            raise InsufficientStock(
                f"only {self.stock} {self.unit} of {self.name} in stock, "
                f"asked for {from_milli(quantity_milli)}"
            )
        self._stock_sold(quantity_milli=quantity_milli, task_id=task_id)

    @event("StockSold", topic="bolkhata:Product.StockSold")
    def _stock_sold(self, quantity_milli: int, task_id: str) -> None:
        self.stock_milli -= quantity_milli
        self.outcomes[task_id] = {"product": self.name, "stock": self.stock}

    def take_back(self, quantity_milli: int, task_id: str) -> None:
        """Stock returned to the shelf when a bill is cancelled."""
        self._stock_returned(quantity_milli=quantity_milli, task_id=task_id)

    @event("StockReturned", topic="bolkhata:Product.StockReturned")
    def _stock_returned(self, quantity_milli: int, task_id: str) -> None:
        self.stock_milli += quantity_milli
        self.outcomes[task_id] = {"product": self.name, "stock": self.stock}

    def reprice(self, price: int, task_id: str) -> None:
        if price < 0 or price > MAX_ENTRY_PAISE:
            raise InvalidAmount(f"price out of range: {price}")
        self._price_changed(price=price, task_id=task_id)

    @event("PriceChanged", topic="bolkhata:Product.PriceChanged")
    def _price_changed(self, price: int, task_id: str) -> None:
        self.price = price
        self.outcomes[task_id] = {"product": self.name, "price": price}
