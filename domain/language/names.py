"""Which customer a spoken name means: spellings, scripts, nicknames, surnames, landmarks.

Scores are in [0, 1]. `resolve` answers "match" for a best score >= 0.85 that leads the
runner-up by >= 0.08, "ambiguous" (with the close options) for two customers of the same
name or a close race above 0.70, else "not_found" with up to three suggestions.

A spoken surname that contradicts the stored one ("Suresh Sharma" when only Suresh Kumar
exists) caps the score below CLOSE: such a name is never matched silently, the stored
customer is only offered as a suggestion. Words that speak of customers in general ("sab",
"customers", "everyone") are never part of a name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from indic_transliteration import sanscript
from rapidfuzz import fuzz

from domain.language import lexicon as lx
from domain.language.normalize import has_devanagari, key

MATCH = 0.85
MARGIN = 0.08
CLOSE = 0.70
# A nickname or a surname alone says less than a first name: it scores a little lower.
NICKNAME_WEIGHT = 0.92
SURNAME_WEIGHT = 0.9
LANDMARK_ONLY = 0.9
# A spoken surname agrees with a stored one at this ratio; below it, the first name alone
# scores at most CONTRADICTED (under CLOSE: a suggestion, never a match).
SURNAME_AGREES = 0.75
CONTRADICTED = 0.65
# Suggestions worth offering as buttons ("did you mean ...?").
SUGGEST = 0.5
NICKNAMES: dict[str, tuple[str, ...]] = {
    key(nick): tuple(key(n) for n in names.split())
    for nick, names in (
        ("raju", "rahul rajesh rajendra rajkumar rajeev"),
        ("pappu", "prakash pradeep"), ("bablu", "babulal"), ("munna", "manoj mahesh"),
        ("sonu", "sunil sonam sanjay"), ("monu", "manoj mohan"), ("guddu", "gulshan"),
        ("pinky", "priyanka"), ("priyu", "priya priyanka"), ("sanju", "sanjay sanjana"),
        ("sunny", "sunil"), ("vicky", "vikas vikram"), ("bunty", "balwant"),
        ("amu", "amit"), ("kavi", "kavita"), ("suri", "suresh"), ("ramu", "ramesh ram"),
        ("chintu", "chetan"), ("deepu", "deepak"), ("anu", "anita anjali anuradha"),
    )
}  # fmt: skip
_DROP = (
    lx.HONORIFICS
    | lx.CUSTOMER
    | lx.words("wala wale waale vala vale wali ka ki ke ko ne se")
    | lx.words("sab sabhi sabko sabka saare sare customers grahakon everyone everybody all सब सबको")
)


@dataclass(frozen=True)
class DirectoryEntry:
    customer_id: str
    name: str
    aliases: tuple[str, ...] = ()
    landmark: str | None = None


@dataclass(frozen=True)
class Candidate:
    customer_id: str
    name: str
    score: float


@dataclass(frozen=True)
class Resolution:
    status: Literal["match", "ambiguous", "not_found"]
    customer_id: str | None
    score: float
    options: tuple[Candidate, ...]


@lru_cache(maxsize=4096)
def spellings(word: str) -> tuple[str, ...]:
    """Phonetic keys of one word; Devanagari also through indic-transliteration's ITRANS."""
    keys = {key(word)}
    if has_devanagari(word):
        itrans = sanscript.transliterate(word, sanscript.DEVANAGARI, sanscript.ITRANS).lower()
        keys.add(key(itrans[:-1] if itrans.endswith("a") and len(itrans) > 3 else itrans))
    return tuple(sorted(keys))


def _words(text: str) -> list[tuple[str, ...]]:
    return [spellings(w) for w in text.replace(".", " ").split() if key(w) not in _DROP]


def _ratio(a: Sequence[str], b: Sequence[str]) -> float:
    return max(fuzz.ratio(x, y) for x in a for y in b) / 100.0


def score(spoken: str, entry: DirectoryEntry) -> float:
    """How well `spoken` names `entry`."""
    said = _words(spoken)
    landmark = _words(entry.landmark or "")
    landmark_keys = {k for w in landmark for k in w}
    hits_landmark = bool(landmark) and any(set(w) & landmark_keys for w in said)
    said = [w for w in said if not set(w) & landmark_keys]
    if not said:
        return LANDMARK_ONLY if hits_landmark else 0.0
    best = max(_name_score(said, _words(name)) for name in (entry.name, *entry.aliases))
    return min(1.0, best + 0.1) if hits_landmark else best


def _name_score(said: list[tuple[str, ...]], name: list[tuple[str, ...]]) -> float:
    if not name:
        return 0.0
    if len(said) > 1:
        first = _name_score(said[:1], name[:1])
        if len(name) > 1:
            surname = max(_ratio(w, n) for w in said[1:] for n in name[1:])
            if surname < SURNAME_AGREES:
                return min(first, 1.0) * CONTRADICTED
            if first < SURNAME_AGREES:  # the same surname does not make another first name
                return min(first, CONTRADICTED)
        joined_said = " ".join(w[0] for w in said)
        whole = fuzz.token_sort_ratio(joined_said, " ".join(w[0] for w in name)) / 100.0
        return max(whole, first * (0.9 if len(name) > 1 else 0.8))
    word = said[0]
    first = _ratio(word, name[0])
    nick = max((_ratio(NICKNAMES.get(k, ()), name[0]) for k in word if k in NICKNAMES), default=0.0)
    surname = _ratio(word, name[-1]) * SURNAME_WEIGHT if len(name) > 1 else 0.0
    return max(first, nick * NICKNAME_WEIGHT, surname)


def resolve(spoken: str, directory: Sequence[DirectoryEntry]) -> Resolution:
    """Match, ask among close options, or report not found with suggestions."""
    ranked = sorted(
        (Candidate(e.customer_id, e.name, round(score(spoken, e), 3)) for e in directory),
        key=lambda c: -c.score,
    )
    if not ranked or ranked[0].score < CLOSE:
        suggestions = tuple(c for c in ranked[:3] if c.score > 0.0)
        return Resolution("not_found", None, ranked[0].score if ranked else 0.0, suggestions)
    best = ranked[0]
    close = tuple(c for c in ranked if best.score - c.score < MARGIN)
    if best.score >= MATCH and len(close) == 1:
        return Resolution("match", best.customer_id, best.score, (best,))
    return Resolution("ambiguous", None, best.score, close)
