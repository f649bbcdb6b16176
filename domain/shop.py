"""Shop: the directory of a shop's customers and products, and its access tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import Aggregate, event

ROLES = ("operator", "auditor", "analyst")


@dataclass
class Listing:
    customer_id: str
    name: str
    active: bool = True


class Shop(Aggregate):
    TOPIC = "bolkhata:Shop"

    class Opened(Aggregate.Created):
        TOPIC = "bolkhata:Shop.Opened"
        slug: str
        name: str

    class Created(Aggregate.Created):
        # The library derives a default creation event for every subclass; ours is above.
        TOPIC = "bolkhata:Shop.Created"

    @event(Opened)
    def __init__(self, slug: str, name: str) -> None:
        self.slug = slug
        self.name = name
        self.customers: dict[str, Listing] = {}
        self.products: dict[str, str] = {}  # product name -> product id

    @classmethod
    def open(cls, slug: str, name: str, shop_id: Any) -> Shop:
        return cls._create(cls.Opened, id=shop_id, slug=slug, name=name)

    @event("CustomerListed", topic="bolkhata:Shop.CustomerListed")
    def list_customer(self, customer_id: str, name: str) -> None:
        self.customers[customer_id] = Listing(customer_id, name)

    @event("CustomerRenamed", topic="bolkhata:Shop.CustomerRenamed")
    def rename_customer(self, customer_id: str, name: str) -> None:
        self.customers[customer_id].name = name

    @event("CustomerUnlisted", topic="bolkhata:Shop.CustomerUnlisted")
    def unlist_customer(self, customer_id: str) -> None:
        self.customers[customer_id].active = False

    @event("ProductListed", topic="bolkhata:Shop.ProductListed")
    def list_product(self, product_id: str, name: str) -> None:
        self.products[name] = product_id

    def active_customers(self) -> list[Listing]:
        return [listing for listing in self.customers.values() if listing.active]


class AccessToken(Aggregate):
    """Only the token's SHA-256 is kept; the aggregate id is derived from that hash."""

    TOPIC = "bolkhata:AccessToken"

    class Issued(Aggregate.Created):
        TOPIC = "bolkhata:AccessToken.Issued"
        shop: str
        role: str

    class Created(Aggregate.Created):
        # The library derives a default creation event for every subclass; ours is above.
        TOPIC = "bolkhata:AccessToken.Created"

    @event(Issued)
    def __init__(self, shop: str, role: str) -> None:
        self.shop = shop
        self.role = role
        self.revoked = False

    @classmethod
    def issue(cls, shop: str, role: str, token_id: Any) -> AccessToken:
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, got {role!r}")
        return cls._create(cls.Issued, id=token_id, shop=shop, role=role)

    @event("Revoked", topic="bolkhata:AccessToken.Revoked")
    def revoke(self) -> None:
        self.revoked = True
