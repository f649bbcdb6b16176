"""Units a quantity is spoken in, and how many of the product's own unit they make.

Mass (g, kg) and volume (ml, l) convert within their kind; "dozen" is twelve of any
counted unit; "piece" is one of whatever a counted product is sold as (a packet, a
bottle). Anything else ("2 kg eggs" for eggs sold by the piece, "1 packet rice" for rice
sold by the kg) cannot be converted and is refused, never guessed.
"""

from __future__ import annotations

from decimal import Decimal

from domain.errors import UnitMismatch

_NAMES = {
    "g": ("g", "gm", "gms", "gram", "grams", "gramme"),
    "kg": ("kg", "kgs", "kilo", "kilos", "kilogram", "kilograms", "kila"),
    "ml": ("ml", "millilitre", "milliliter", "millilitres"),
    "l": ("l", "ltr", "litre", "liter", "litres", "liters"),
    "piece": ("piece", "pieces", "pc", "pcs", "nag", "unit", "units"),
    "packet": ("packet", "packets", "pkt", "pack", "packs"),
    "dozen": ("dozen", "dozens", "darjan"),
    "bottle": ("bottle", "bottles"),
    "box": ("box", "boxes", "dabba"),
    "bag": ("bag", "bags", "bori", "katta"),
    "pouch": ("pouch", "pouches", "thaili"),
}
_CANONICAL = {alias: name for name, aliases in _NAMES.items() for alias in aliases}
# Grams per unit, millilitres per unit.
_MASS = {"g": Decimal(1), "kg": Decimal(1000)}
_VOLUME = {"ml": Decimal(1), "l": Decimal(1000)}
_COUNTED = frozenset({"piece", "packet", "bottle", "box", "bag", "pouch"})
DOZEN = Decimal(12)


def canonical_unit(unit: str | None) -> str | None:
    """'kilo' -> 'kg', 'litre' -> 'l'; an unknown unit is kept as written (lower case)."""
    if unit is None or not unit.strip():
        return None
    spoken = unit.strip().lower()
    return _CANONICAL.get(spoken, spoken)


def factor(spoken: str | None, product_unit: str) -> Decimal:
    """How many of `product_unit` one `spoken` unit is; None (no unit said) means 1."""
    said = canonical_unit(spoken)
    sold = canonical_unit(product_unit) or "piece"
    if said is None or said == sold:
        return Decimal(1)
    for kind in (_MASS, _VOLUME):
        if said in kind and sold in kind:
            return kind[said] / kind[sold]
    if said == "dozen" and sold in _COUNTED:
        return DOZEN
    if said == "piece" and sold == "dozen":
        return 1 / DOZEN
    if said == "piece" and sold in _COUNTED:
        return Decimal(1)
    raise UnitMismatch(f"cannot turn {spoken} into {product_unit}")
