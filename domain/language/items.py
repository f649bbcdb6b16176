"""Invoice and stock items: "do kilo chawal aur teen packet biscuit", "2 milk", "aata 5 kilo"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from domain.language import lexicon as lx
from domain.language.normalize import Token, key
from domain.language.numbers import NUMBER_STARTS, SMALL, as_json_number, read_number

_NOT_PRODUCT = (
    lx.FILLER | lx.CASE_MARKERS | lx.JOINERS | lx.BILL | lx.MAKE | lx.STOCK | lx.ARRIVED
    | lx.CREDIT | lx.PAYMENT | lx.REMINDER | lx.HONORIFICS | lx.CANCEL | lx.GIVE
    | lx.words("saman samaan saamaan maal ka bhi ek aur rs , aadha aadhe diya liya le gaya")
    # A number word or a preposition is no goods: "two and a half thousand on Bill".
    | lx.words("hundred thousand lakh lakhs crore against on upon onto into")
    # "2 soaps at 30 each": the price, no goods.
    | lx.words("each")
    # "one second", "ek minute": a moment asked for, no goods.
    | lx.words("second seconds sec minute minutes min minat ghanta ghante hour hours")
)  # fmt: skip
_QUANTITY_CONTEXT = frozenset(lx.UNITS) | frozenset(lx.PRODUCTS)


def product_name(token: Token) -> str:
    """The catalogue name for a known synonym, else the word as spoken (lower case)."""
    return lx.PRODUCTS.get(token.key, token.text.lower())


def _is_product(token: Token, known_only: bool) -> bool:
    if token.key in lx.PRODUCTS:
        return True
    if known_only or not token.key or not token.key[0].isalpha():
        return False
    return token.key not in _NOT_PRODUCT and token.key not in SMALL


def find_items(tokens: Sequence[Token], skip: frozenset[int] = frozenset()) -> list[dict[str, Any]]:
    """Items in order; an unknown word counts as a product only after a quantity."""
    keys = [t.key for t in tokens]
    items: list[dict[str, Any]] = []
    n = len(tokens)
    i = 0
    while i < n:
        if i in skip or not _may_start_item(keys[i]):
            i += 1
            continue
        got = _item_at(tokens, keys, i)
        if got is None:
            i += 1
            continue
        item, i = got
        items.append(item)
    return items


def _may_start_item(k: str) -> bool:
    """Whether an item can start at this word: a quantity, "half"/"a", or a known product."""
    return k in _ITEM_STARTS or k[:1].isdigit()


def unit_at(keys: Sequence[str], j: int) -> str | None:
    """The unit spoken at keys[j] ("kilo" -> "kg", "g", "l"), or None."""
    if j >= len(keys):
        return None
    return lx.UNITS.get(keys[j]) or _SHORT_UNITS.get(keys[j])


def is_put_verb(keys: Sequence[str], j: int) -> bool:
    """ "700 daal do" / "डाल दो": "daal" (put) before a giving verb, not the lentils."""
    return keys[j] == _DAAL and j + 1 < len(keys) and keys[j + 1] in _PUT_FOLLOWERS


_DAAL = key("daal")
_PUT_FOLLOWERS = lx.words("do de dena diya diye dijiye dijie dein den दो दें दीजिए दिया दिए")


def _item_at(
    tokens: Sequence[Token], keys: Sequence[str], i: int
) -> tuple[dict[str, Any], int] | None:
    n = len(tokens)
    if _is_product(tokens[i], known_only=True) and i + 1 < n:
        # "chawal 2 kilo", "cheeni ki 2 bori": product first, then quantity and unit.
        start = i + 2 if keys[i + 1] in _OF_PRODUCT and i + 2 < n else i + 1
        while start < n - 1 and start - i <= 3 and keys[start] in _CAME:
            start += 1  # "doodh aa gaya 20 litre", "चीनी आ गई 50 किलो"
        num = read_number(keys, start, _QUANTITY_CONTEXT)
        if num is not None and (unit := unit_at(keys, num[1])) is not None:
            return _item(product_name(tokens[i]), num[0], unit), num[1] + 1
    num = _quantity_at(tokens, keys, i)
    if num is None:
        return None
    quantity, j = num
    unit = unit_at(keys, j)
    if unit is not None:
        j += 1
        if j + 1 < n and keys[j] in _OF:  # "2 bottles of Pepsi", "half a kilo of tomatoes"
            j += 1
    # "700 daal do" puts money; after a unit ("adha kilo dal diya") "dal" is the lentils.
    put = unit is None and j < n and is_put_verb(keys, j)
    if j < n and _is_product(tokens[j], known_only=False) and not put:
        words = [product_name(tokens[j])]
        j += 1
        # Two-word products ("chai patti", "cold drink"), never two known products.
        if (
            j < n
            and tokens[j - 1].key not in lx.PRODUCTS
            and _is_product(tokens[j], known_only=False)
            and tokens[j].key not in lx.PRODUCTS
            and read_number(keys, j) is None
        ):
            words.append(tokens[j].text.lower())
            j += 1
        return _item(" ".join(words), quantity, unit), j
    return None


_HALF = frozenset(key(w) for w in ("aadha", "adha", "aadhi", "half"))
_ARTICLES = frozenset(key(w) for w in ("a", "an"))
_OF = frozenset(key(w) for w in ("of",))
_OF_PRODUCT = lx.words("ka ki ke का की के")
_CAME = lx.words("aa gaya gayi gaye aaya aayi aayi arrived came आ गया गई गए आया आई")
_ITEM_STARTS = frozenset(lx.PRODUCTS) | _HALF | _ARTICLES | NUMBER_STARTS
# Short unit names only read right after a quantity (lexicon.UNITS has the words).
_SHORT_UNITS = {key("g"): "g", key("l"): "l"}


def _quantity_at(tokens: Sequence[Token], keys: Sequence[str], i: int) -> tuple[float, int] | None:
    """The quantity at i: a number, "aadha"/"half (a)" (0.5), or English "a"/"an" (1) when a
    unit or a known product follows ("a dozen eggs", "a toothpaste")."""
    n = len(keys)
    if keys[i] in _HALF:
        j = i + 1
        if j + 1 < n and keys[j] in _ARTICLES and unit_at(keys, j + 1) is not None:
            j += 1  # "half a kilo"
        return 0.5, j
    if keys[i] in _ARTICLES and i + 1 < n:
        if unit_at(keys, i + 1) is not None or _is_product(tokens[i + 1], known_only=True):
            return 1.0, i + 1
        return None
    return read_number(keys, i, _QUANTITY_CONTEXT)


def _item(product: str, quantity: float, unit: str | None) -> dict[str, Any]:
    return {"product": product, "quantity": as_json_number(quantity), "unit": unit}
