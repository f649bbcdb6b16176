"""Shop: the directory of a shop's customers, products and routines, and its access tokens."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eventsourcing.domain import Aggregate, event

from domain.routines import MAX_ROUTINES, DuplicateRoutine, InvalidRoutine, Routine, RoutineNotFound

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
        # routine key -> {"name", "steps"}: plain JSON, so a snapshot needs no transcoding
        self.routines: dict[str, dict[str, Any]] = {}

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

    # Routines: checked before the event, so a stored event always applies.

    def create_routine(self, routine: Routine) -> None:
        if routine.key in self._routines():
            raise DuplicateRoutine(f"a routine {routine.name!r} exists already")
        if len(self._routines()) >= MAX_ROUTINES:
            raise InvalidRoutine(f"a shop keeps at most {MAX_ROUTINES} routines")
        self._routine_created(key=routine.key, name=routine.name, steps=list(routine.steps))

    def change_routine(self, key: str, steps: list[str]) -> None:
        if key not in self._routines():
            raise RoutineNotFound(f"no routine {key!r}")
        self._routine_changed(key=key, steps=steps)

    def delete_routine(self, key: str) -> None:
        if key not in self._routines():
            raise RoutineNotFound(f"no routine {key!r}")
        self._routine_deleted(key=key)

    def _routines(self) -> dict[str, dict[str, Any]]:
        # Shops stored before routines existed have no attribute until their first routine.
        if not hasattr(self, "routines"):
            self.routines = {}
        return self.routines

    @event("RoutineCreated", topic="bolkhata:Shop.RoutineCreated")
    def _routine_created(self, key: str, name: str, steps: list[str]) -> None:
        self._routines()[key] = {"name": name, "steps": list(steps)}

    @event("RoutineChanged", topic="bolkhata:Shop.RoutineChanged")
    def _routine_changed(self, key: str, steps: list[str]) -> None:
        self._routines()[key] = {"name": self.routines[key]["name"], "steps": list(steps)}

    @event("RoutineDeleted", topic="bolkhata:Shop.RoutineDeleted")
    def _routine_deleted(self, key: str) -> None:
        self._routines().pop(key, None)

    def routine(self, key: str) -> Routine | None:
        kept = self._routines().get(key)
        return Routine(key, kept["name"], tuple(kept["steps"])) if kept else None

    def routine_list(self) -> list[Routine]:
        found = [self.routine(key) for key in self._routines()]
        return sorted((r for r in found if r), key=lambda r: r.name.casefold())

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
