"""The demo shop of DESIGN.md; seeding it twice changes nothing (fixed task ids)."""

from __future__ import annotations

from application.khata import Khata
from domain.money import to_paise

DEMO_SHOP = "demo"
CUSTOMERS = [
    ("Rahul Sharma", 500),
    ("Priya Patel", 0),
    ("Suresh Kumar", 1500),
    ("Amit Singh", 0),
    ("Kavita Desai", 0),
]
# name, unit, price in rupees, opening stock
PRODUCTS = [
    ("milk", "packet", 30, 50),
    ("bread", "packet", 40, 30),
    ("eggs", "piece", 7, 120),
    ("rice", "kg", 60, 100),
    ("oil", "litre", 180, 40),
]


def seed_demo(khata: Khata) -> dict[str, int]:
    khata.open_shop(DEMO_SHOP, "Demo Kirana Store")
    for name, unit, price, stock in PRODUCTS:
        khata.add_product(
            DEMO_SHOP, name, unit, to_paise(price), f"demo-seed:product:{name}", stock
        )
    for name, owes in CUSTOMERS:
        customer = khata.register_customer(DEMO_SHOP, name, f"demo-seed:customer:{name}")
        if owes:
            khata.give_credit(
                DEMO_SHOP, customer["customer_id"], to_paise(owes), f"demo-seed:credit:{name}"
            )
    return {"customers": len(CUSTOMERS), "products": len(PRODUCTS)}
