"""What one clause holds besides its words, as the intent rules read it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from domain.language import lexicon as lx
from domain.language.refs import Who

# Hindi "aa gaya" (came) has the key "a", which is also the English article.
_CAME = lx.ARRIVED - {"a"}
_GONE = lx.words("gaya gayi gaye gae gai")


@dataclass(frozen=True)
class Clue:
    """A clause: its keys, who it names, and which entities were found in it."""

    keys: Sequence[str]
    keyset: frozenset[str]
    text: str  # " k1 k2 ... " for phrase tests
    who: Who
    has_amount: bool
    has_items: bool
    has_when: bool
    has_phone: bool
    only_task_words: bool
    unknown: int  # words the parser does not know, names excluded

    @property
    def named(self) -> bool:
        """A customer is named ("Rahul ko") or referred to ("uska", "her")."""
        return bool(self.who.name or self.who.ref)

    def came(self) -> bool:
        """Goods or money came in: "aaya", "arrived", "aa gaya" (never the English "a")."""
        return bool(self.keyset & _CAME) or (" a " in self.text and bool(self.keyset & _GONE))
