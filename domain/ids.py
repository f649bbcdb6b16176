"""Deterministic aggregate ids, so that a retried task lands on the aggregate it made before."""

from __future__ import annotations

from uuid import UUID, uuid5

NAMESPACE = UUID("6f1d7a52-2b1e-4c55-9a3e-8c1b0b7f4e21")


def shop_id_of(shop: str) -> UUID:
    return uuid5(NAMESPACE, f"shop:{shop}")


def token_id_of(token_hash: str) -> UUID:
    return uuid5(NAMESPACE, f"token:{token_hash}")


def customer_id_for(shop: str, task_id: str) -> UUID:
    """The account a CREATE_CUSTOMER task creates: the same task always names the same account."""
    return uuid5(NAMESPACE, f"customer:{shop}:{task_id}")


def product_id_of(shop: str, name: str) -> UUID:
    return uuid5(NAMESPACE, f"product:{shop}:{name.strip().lower()}")


def conversation_id_for(shop: str, key: str) -> UUID:
    return uuid5(NAMESPACE, f"conversation:{shop}:{key}")
