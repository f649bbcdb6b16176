"""Matching a spoken product name to the shop's products (Hindi words, plurals, spelling)."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

# Hindi and everyday names a shopkeeper says for the products most shops list in English.
ALIASES = {
    "doodh": "milk",
    "dudh": "milk",
    "dood": "milk",
    "anda": "eggs",
    "ande": "eggs",
    "egg": "eggs",
    "chawal": "rice",
    "chaawal": "rice",
    "tel": "oil",
    "double roti": "bread",
    "pav": "bread",
    "aata": "atta",
    "cheeni": "sugar",
    "chini": "sugar",
    "namak": "salt",
    "dal": "dal",
    "biskut": "biscuit",
}


def canonical(name: str) -> str:
    spoken = " ".join(name.lower().split())
    return ALIASES.get(spoken, spoken)


def match_product(spoken: str, names: Iterable[str]) -> str | None:
    """The listed product name that `spoken` means, or None when nothing is close enough."""
    listed = list(names)
    wanted = canonical(spoken)
    for candidate in (wanted, wanted.rstrip("s"), wanted + "s"):
        if candidate in listed:
            return candidate
    best = process.extractOne(wanted, listed, scorer=fuzz.ratio, score_cutoff=80)
    return best[0] if best else None
