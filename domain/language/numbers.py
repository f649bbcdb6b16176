"""Numbers spoken in Hinglish, Hindi or English words, digits, fractions and multipliers."""

from __future__ import annotations

from collections.abc import Sequence

from domain.language.normalize import key

# 1-99 as they are typed in Hinglish and as Devanagari romanizes; several spellings each.
# Not "chhai" for six: it shares its key with "chai" (tea), as in "Sunita ko chai do".
_HINDI_1_99 = (
    "ek", "do", "teen tin", "char chaar", "paanch panch", "chhe chhah che chah chheh chha",
    "saat", "aath", "nau", "das dus", "gyarah gyara igyarah", "barah bara", "terah tera",
    "chaudah chauda choudah", "pandrah pandra", "solah sola", "satrah satra",
    "atharah athara attharah", "unnis unees unnees", "bees bis", "ikkis ikkees",
    "baais bais", "teis teyis teyees तेईस", "chaubis chaubees chobis", "pachchis pachees pachis",
    "chhabbis chhabees", "sattais sattaees", "atthais athaees", "untis unatees untees",
    "tees tis", "ikattis iktees iktis", "battis battees", "taintis tetis taintees",
    "chauntis chautees chauntees", "paintis paintees pentis", "chhattis chhattees",
    "saintis saintees sentis", "adtis artis adtees", "untalis untalees unchalis",
    "chalis chaalees chalees", "iktalis iktalees", "bayalis bayalees", "taintalis taintalees",
    "chauvalis chauntalis chawalees", "paintalis paintalees", "chhiyalis chhiyalees",
    "saintalis saintalees", "adtalis artalis adtalees", "unchas unchaas", "pachas pachaas",
    "ikyavan ikyawan", "bavan baawan", "tirepan tirpan", "chauvan chauwan", "pachpan",
    "chhappan", "sattavan sattawan", "atthavan atthawan", "unsath unsaath", "saath sath",
    "iksath iksaath", "basath baasath", "tiresath tirsath", "chaunsath chausath",
    "painsath", "chhiyasath chhayasath", "sadsath sarsath", "adsath arsath", "unhattar",
    "sattar", "ikhattar", "bahattar", "tihattar", "chauhattar", "pachhattar pachattar",
    "chhihattar", "sathattar satattar", "athattar", "unyasi unasi", "assi", "ikyasi",
    "bayasi", "tirasi", "chaurasi", "pachasi", "chhiyasi", "sattasi satasi", "atthasi athasi",
    "navasi", "nabbe", "ikyanve ikyaanve", "baanve banve", "tiranve", "chauranve",
    "pachanve", "chhiyanve", "sattanve", "atthanve", "ninyanve ninyaanve ninanve",
)  # fmt: skip
_ENGLISH_UNITS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_ENGLISH_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

SMALL: dict[str, float] = {}
for _value, _spellings in enumerate(_HINDI_1_99, start=1):
    for _word in _spellings.split():
        SMALL[key(_word)] = _value
for _value, _word in enumerate(_ENGLISH_UNITS, start=1):
    SMALL[key(_word)] = _value
SMALL.update({key(w): 0 for w in ("shunya", "zero", "shoony", "sifar")})
ENGLISH_TENS = {key(w): 20 + 10 * i for i, w in enumerate(_ENGLISH_TENS)}
FRACTIONS = {key(w): v for w, v in (("dedh", 1.5), ("derh", 1.5), ("dhai", 2.5), ("dhaai", 2.5))}
# Prefix words: "saade teen" = 3.5, "sawa do" = 2.25, "paune do" = 1.75.
PREFIXES = {key(w): v for w, v in (("sade", 0.5), ("saade", 0.5), ("saadhe", 0.5),
                                    ("sadhe", 0.5), ("sawa", 0.25), ("sava", 0.25),
                                    ("paune", -0.25), ("pone", -0.25), ("paun", -0.25))}  # fmt: skip
MULTIPLIERS = {key(w): v for w, v in (
    ("sau", 100), ("so", 100), ("saw", 100), ("hundred", 100), ("hazaar", 1000),
    ("hazar", 1000), ("hajar", 1000), ("thousand", 1000), ("k", 1000), ("lakh", 100_000),
    ("lac", 100_000), ("lakhs", 100_000), ("crore", 10_000_000), ("karod", 10_000_000),
    ("karor", 10_000_000), ("crores", 10_000_000),
)}  # fmt: skip
# Words that are numbers only when a multiplier or a unit follows: "do" is also "give",
# "saath" also "with", "tera" also "your", "ek" also "a", "so"/"nau" are English words.
AMBIGUOUS = frozenset(key(w) for w in ("do", "saath", "sath", "tera", "ek", "so", "nau", "das"))
_HALF = key("half")
# Words a number can start with, besides digits.
NUMBER_STARTS = (
    frozenset(SMALL) | frozenset(ENGLISH_TENS) | frozenset(FRACTIONS) | frozenset(PREFIXES)
    | frozenset(MULTIPLIERS)
)  # fmt: skip
# After a multiplier only "do" stays doubtful: "do sau do" ends in "give", "ek sau saath" is 160.
_VERBS = frozenset({key("do")})


def _small_at(keys: Sequence[str], i: int) -> float | None:
    k = keys[i]
    if k[0].isdigit():
        # Digit keys are clean numerals (numerals.py); more than 15 digits is never a count
        # or an amount, and would overflow a float.
        if len(k.partition(".")[0]) > 15:
            return None
        try:
            return float(k)
        except ValueError:
            return None
    if k in ENGLISH_TENS:
        tens = ENGLISH_TENS[k]
        return tens + SMALL[keys[i + 1]] if _is_english_unit(keys, i + 1) else tens
    if k in SMALL:
        return SMALL[k]
    return FRACTIONS.get(k)


def _is_english_unit(keys: Sequence[str], i: int) -> bool:
    return i < len(keys) and keys[i] in SMALL and SMALL[keys[i]] < 10 and keys[i] in _EN_KEYS


_EN_KEYS = frozenset(key(w) for w in _ENGLISH_UNITS[:9])


def _width(keys: Sequence[str], i: int) -> int:
    return 2 if keys[i] in ENGLISH_TENS and _is_english_unit(keys, i + 1) else 1


def read_number(
    keys: Sequence[str], i: int, context: frozenset[str] = frozenset()
) -> tuple[float, int] | None:
    """The number starting at keys[i] and the index after it, or None.

    An ambiguous word counts only when a multiplier, another number word or one of
    `context` (units, currency, "baje") follows it.
    """
    first = keys[i]
    if first not in NUMBER_STARTS and not first[:1].isdigit():
        return None  # most words: no number starts here (this runs on every word)
    n = len(keys)
    total = 0.0
    chunk: float | None = None
    j = i
    started = False
    while j < n:
        k = keys[j]
        if k in PREFIXES and j + 1 < n and _small_at(keys, j + 1) is not None:
            base = _small_at(keys, j + 1)
            assert base is not None
            if chunk is not None:
                break
            chunk = base + PREFIXES[k]
            j += 1 + _width(keys, j + 1)
        elif k in PREFIXES and chunk is None and j + 1 < n and keys[j + 1] in MULTIPLIERS:
            # "sawa sau" = 125, "paune hazaar" = 750: the prefix of one of the multiplier.
            chunk = 1.0 + PREFIXES[k]
            j += 1
        elif k in MULTIPLIERS and started and keys[j - 1] == k:
            break  # "sau sau rupaye": a hundred each, never a hundred hundreds
        elif k in MULTIPLIERS and (started or k != "so") and (started or k != "k"):
            factor = MULTIPLIERS[k]
            value = (chunk if chunk is not None else 1.0) * factor
            j += 1
            if factor >= 1000 and chunk is None and total and keys[j - 2] in MULTIPLIERS:
                total *= factor  # "do lakh crore", "das hazaar crore": one bigger multiplier
            elif factor >= 1000:
                total += value
                chunk = None
            else:
                chunk = value
                nxt = _small_at(keys, j) if j < n else None
                # "do sau pachas": tens after a hundred belong to the same number, but
                # "do sau do" ends in "give".
                if (
                    nxt is not None
                    and nxt < 100
                    and (keys[j] not in _VERBS or _continues(keys, j + 1, context))
                ):
                    chunk += nxt
                    j += _width(keys, j)
        elif chunk is None and (small := _small_at(keys, j)) is not None:
            if started and k in _VERBS and not _continues(keys, j + 1, context):
                break  # "do lakh do": the last "do" is "give"
            chunk = small
            j += _width(keys, j)
        elif k == "and" and chunk is not None and _half_at(keys, j + 1):
            # "two and a half thousand" = 2500, "one and a half kilo" = 1.5.
            chunk += 0.5
            j += 2 + (keys[j + 1] == "a")  # "and a half" or "and half"
        elif k == "and" and started and j + 1 < n and (tail := _small_at(keys, j + 1)):
            # English "two hundred and fifty" (as indic-numtowords writes it).
            if chunk is not None and tail >= 100:
                break
            chunk = (chunk or 0.0) + tail
            j += 1 + _width(keys, j + 1)
        else:
            break
        started = True
    if not started:
        return None
    if j == i + 1 and keys[i] in AMBIGUOUS and not _continues(keys, j, context):
        return None
    value = total + (chunk or 0.0)
    # Six places drop float noise ("1.1 lakh") but keep small quantities ("0.0004 kg"): an
    # amount with paise beyond two places is refused by the reader of amounts, not rounded.
    return round(value, 6), j


def _half_at(keys: Sequence[str], j: int) -> bool:
    return tuple(keys[j : j + 1]) == (_HALF,) or tuple(keys[j : j + 2]) == ("a", _HALF)


def _continues(keys: Sequence[str], j: int, context: frozenset[str]) -> bool:
    return j < len(keys) and (keys[j] in MULTIPLIERS or keys[j] in context or keys[j] == "rs")


def as_json_number(value: float) -> int | float:
    """Rupees as DESIGN.md prints them: an int when whole, else a float."""
    return int(value) if value == int(value) else value
