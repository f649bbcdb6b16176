"""Product: one item on the shop's shelf; stock in thousandths of its unit, price in paise."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.errors import InsufficientStock, InvalidAmount, InvalidName, InvalidQuantity
from domain.limits import DEFAULT_LIMITS, MILLI, Limits
from domain.units import factor

# The stock level itself stays exactly representable as a JSON number (below 2^53 milli).
STOCK_CEILING_MILLI = 10**15


def to_milli(
    quantity: float | int | str | Decimal,
    spoken_unit: str | None = None,
    product_unit: str | None = None,
) -> int:
    """1.5 (kilo) -> 1500; 500 g of a kg product -> 500; 2 dozen of eggs by the piece -> 24000.

    Quantities are stored as integer thousandths of the product's unit so sums never drift.
    A quantity that is not a positive finite number, or rounds to 0 thousandths in the
    product's unit ("0.0004 kg"), is refused: never silently 1.
    """
    try:
        value = Decimal(str(quantity))
    except InvalidOperation as error:
        raise InvalidQuantity(f"not a quantity: {quantity!r}") from error
    if not value.is_finite() or value <= 0:
        raise InvalidQuantity(f"a quantity must be above 0, got {quantity!r}")
    if product_unit is not None:
        value *= factor(spoken_unit, product_unit)
    said = f"{quantity} {spoken_unit or product_unit or ''}".strip()
    if value * MILLI > STOCK_CEILING_MILLI:  # checked first: "1e400" cannot be quantized
        raise InvalidQuantity(f"{said} is not a sane quantity")
    milli = int((value * MILLI).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if milli <= 0:
        raise InvalidQuantity(f"{said} is less than a thousandth of a {product_unit or 'unit'}")
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
    def new(
        cls,
        shop: str,
        name: str,
        unit: str,
        price: int,
        product_id: Any,
        limits: Limits = DEFAULT_LIMITS,
    ) -> Product:
        name = " ".join(name.lower().split())
        if not name:
            raise InvalidName("a product needs a name")
        if price < 0:
            raise InvalidAmount(f"price out of range: {price}")
        limits.check_amount(price)
        return cls._create(cls.Listed, id=product_id, shop=shop, name=name, unit=unit, price=price)

    @property
    def stock(self) -> int | float:
        return from_milli(self.stock_milli)

    def has_handled(self, task_id: str) -> bool:
        return task_id in self.outcomes

    def receive(self, quantity_milli: int, task_id: str, limits: Limits = DEFAULT_LIMITS) -> None:
        if quantity_milli <= 0 or self.stock_milli + quantity_milli > STOCK_CEILING_MILLI:
            raise InvalidQuantity(f"cannot receive {quantity_milli / MILLI} {self.unit}")
        limits.check_quantity(quantity_milli, self.unit)
        self._stock_received(quantity_milli=quantity_milli, task_id=task_id)

    @event("StockReceived", topic="bolkhata:Product.StockReceived")
    def _stock_received(self, quantity_milli: int, task_id: str) -> None:
        self.stock_milli += quantity_milli
        self.outcomes[task_id] = {"product": self.name, "stock": self.stock}

    def sell(self, quantity_milli: int, task_id: str, limits: Limits = DEFAULT_LIMITS) -> None:
        if quantity_milli <= 0:
            raise InvalidQuantity(f"cannot sell {quantity_milli / MILLI} {self.unit}")
        limits.check_quantity(quantity_milli, self.unit)
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

    def reprice(self, price: int, task_id: str, limits: Limits = DEFAULT_LIMITS) -> None:
        if price < 0:
            raise InvalidAmount(f"price out of range: {price}")
        limits.check_amount(price)
        self._price_changed(price=price, task_id=task_id)

    @event("PriceChanged", topic="bolkhata:Product.PriceChanged")
    def _price_changed(self, price: int, task_id: str) -> None:
        self.price = price
        self.outcomes[task_id] = {"product": self.name, "price": price}
