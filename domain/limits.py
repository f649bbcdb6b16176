"""The largest amount and quantity one entry may carry; the shop sets them (Settings)."""

from __future__ import annotations

from dataclasses import dataclass

from domain.errors import AmountTooLarge, QuantityTooLarge
from domain.money import PAISE_PER_RUPEE, format_rupees

MILLI = 1000
DEFAULT_MAX_AMOUNT_RUPEES = 10_00_000
DEFAULT_MAX_QUANTITY = 10_000


@dataclass(frozen=True)
class Limits:
    """Bounds checked before anything is written; events already stored are never re-checked."""

    max_amount_paise: int = DEFAULT_MAX_AMOUNT_RUPEES * PAISE_PER_RUPEE
    max_quantity_milli: int = DEFAULT_MAX_QUANTITY * MILLI

    @classmethod
    def of(cls, max_amount_rupees: int, max_quantity: int) -> Limits:
        return cls(max_amount_rupees * PAISE_PER_RUPEE, max_quantity * MILLI)

    def check_amount(self, paise: int) -> None:
        if paise > self.max_amount_paise:
            raise AmountTooLarge(
                f"{format_rupees(paise)} is above the limit of "
                f"{format_rupees(self.max_amount_paise)} for one entry"
            )

    def check_quantity(self, milli: int, unit: str) -> None:
        if milli > self.max_quantity_milli:
            raise QuantityTooLarge(
                f"{milli / MILLI:g} {unit} is above the limit of "
                f"{self.max_quantity_milli // MILLI} {unit} for one entry"
            )


DEFAULT_LIMITS = Limits()
