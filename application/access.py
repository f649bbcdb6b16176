"""Shop access tokens: issued once, stored only as a hash, carrying shop and role."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from application.store import EventStore
from domain.ids import token_id_of
from domain.shop import AccessToken


@dataclass(frozen=True)
class Principal:
    shop: str
    role: str


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Access:
    def __init__(self, store: EventStore) -> None:
        self.store = store

    def issue(self, shop: str, role: str) -> str:
        """A new secret token; only its hash is stored, so it is shown once."""
        token = f"bk_{secrets.token_urlsafe(24)}"
        self.store.save(AccessToken.issue(shop, role, token_id_of(hash_token(token))))
        return token

    def authenticate(self, token: str) -> Principal | None:
        if not token or len(token) > 200:
            return None
        record = self.store.get(token_id_of(hash_token(token)), AccessToken)
        if record is None or record.revoked:
            return None
        return Principal(shop=record.shop, role=record.role)
