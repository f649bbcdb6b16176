"""How a reply says times, products and units in Hinglish, English and Hindi.

Replies are heard, not read: a reminder is "kal shaam 7 baje", never an ISO timestamp, and
a Hindi reply says "दूध", not "milk".
"""

from __future__ import annotations

from datetime import datetime

# Hour ranges people use for the part of the day (a 24-hour clock is never spoken).
_PERIODS = (
    (4, "subah", "morning", "सुबह"),
    (12, "dopahar", "afternoon", "दोपहर"),
    (16, "shaam", "evening", "शाम"),
    (20, "raat", "night", "रात"),
)
_WEEKDAYS = {
    "hinglish": ("somvar", "mangalvar", "budhvar", "guruvar", "shukravar", "shanivar", "ravivar"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
    "hi": ("सोमवार", "मंगलवार", "बुधवार", "गुरुवार", "शुक्रवार", "शनिवार", "रविवार"),
}
_MONTHS_EN = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTHS_HI = [
    "जनवरी",
    "फ़रवरी",
    "मार्च",
    "अप्रैल",
    "मई",
    "जून",
    "जुलाई",
    "अगस्त",
    "सितंबर",
    "अक्टूबर",
    "नवंबर",
    "दिसंबर",
]
_NEAR_DAYS = {
    "hinglish": ("aaj", "kal", "parso"),
    "en": ("today", "tomorrow", "the day after tomorrow"),
    "hi": ("आज", "कल", "परसों"),
}


def _period(hour: int) -> tuple[str, str, str]:
    _, hinglish, english, hindi = _PERIODS[-1]  # 0-3 is still night
    for start, *names in _PERIODS:
        if hour >= start:
            hinglish, english, hindi = names
    return hinglish, english, hindi


def _clock(moment: datetime) -> str:
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d}" if moment.minute else str(hour)


def _day(moment: datetime, now: datetime | None, language: str) -> tuple[str, bool]:
    """The day as said, and whether it is a date ("15 January") rather than a word."""
    if now is not None:
        ahead = (moment.date() - now.astimezone(moment.tzinfo).date()).days
        if 0 <= ahead < len(_NEAR_DAYS[language]):
            return _NEAR_DAYS[language][ahead], False
        if 0 <= ahead < 7:
            return _WEEKDAYS[language][moment.weekday()], False
    months = _MONTHS_HI if language == "hi" else _MONTHS_EN
    date = f"{moment.day} {months[moment.month - 1]}"
    if now is not None and moment.year != now.year:
        date += f" {moment.year}"
    return date, True


def spoken_time(moment: datetime, now: datetime | None, language: str) -> str:
    """'kal shaam 7 baje', 'tomorrow at 7 pm', 'कल शाम 7 बजे', '15 January, subah 10 baje'.

    `moment` is said in the zone of `now` (the shop's clock), so "kal" means the shop's
    tomorrow; with no `now` the date is always spelled out.
    """
    if now is not None and now.tzinfo is not None:
        moment = moment.astimezone(now.tzinfo)
    day, is_date = _day(moment, now, language)
    hinglish, english, hindi = _period(moment.hour)
    clock = _clock(moment)
    if language == "en":
        suffix = "am" if moment.hour < 12 else "pm"
        if moment.hour == 12 and not moment.minute:
            suffix = "noon"
        return f"{day} at {clock} {suffix}"  # "set for 15 February at 10 am"
    comma = "," if is_date else ""
    if language == "hi":
        return f"{day}{comma} {hindi} {clock} बजे"
    return f"{day}{comma} {hinglish} {clock} baje"


# Catalogue products and units (domain/language/lexicon.py): (Hinglish, Hindi) words.
PRODUCT_WORDS = {
    "milk": ("doodh", "दूध"),
    "bread": ("bread", "ब्रेड"),
    "eggs": ("ande", "अंडे"),
    "rice": ("chawal", "चावल"),
    "oil": ("tel", "तेल"),
    "sugar": ("cheeni", "चीनी"),
    "salt": ("namak", "नमक"),
    "atta": ("atta", "आटा"),
    "dal": ("dal", "दाल"),
    "biscuit": ("biscuit", "बिस्किट"),
    "maggi": ("maggi", "मैगी"),
    "soap": ("sabun", "साबुन"),
    "tea": ("chai", "चाय"),
    "ghee": ("ghee", "घी"),
    "butter": ("makhan", "मक्खन"),
    "paneer": ("paneer", "पनीर"),
    "curd": ("dahi", "दही"),
    "besan": ("besan", "बेसन"),
    "maida": ("maida", "मैदा"),
    "sooji": ("sooji", "सूजी"),
    "poha": ("poha", "पोहा"),
    "namkeen": ("namkeen", "नमकीन"),
    "chips": ("chips", "चिप्स"),
    "coke": ("coke", "कोक"),
    "pepsi": ("pepsi", "पेप्सी"),
    "toothpaste": ("toothpaste", "टूथपेस्ट"),
    "shampoo": ("shampoo", "शैम्पू"),
    "surf": ("surf", "सर्फ़"),
    "detergent": ("detergent", "डिटर्जेंट"),
    "haldi": ("haldi", "हल्दी"),
    "mirch": ("mirch", "मिर्च"),
    "masala": ("masala", "मसाला"),
    "cigarette": ("cigarette", "सिगरेट"),
    "matchbox": ("machis", "माचिस"),
    "candle": ("mombatti", "मोमबत्ती"),
    "onion": ("pyaz", "प्याज़"),
    "potato": ("aloo", "आलू"),
    "tomato": ("tamatar", "टमाटर"),
}
UNIT_WORDS = {
    "kg": ("kilo", "किलो", "kg"),
    "g": ("gram", "ग्राम", "g"),
    "l": ("litre", "लीटर", "litre"),
    "litre": ("litre", "लीटर", "litre"),
    "ml": ("ml", "मिलीलीटर", "ml"),
    "packet": ("packet", "पैकेट", "packet"),
    "dozen": ("darjan", "दर्जन", "dozen"),
    "piece": ("piece", "पीस", "piece"),
    "bottle": ("bottle", "बोतल", "bottle"),
    "box": ("dabba", "डिब्बा", "box"),
    "bag": ("bori", "बोरी", "bag"),
    "pouch": ("thaili", "थैली", "pouch"),
}
_PLURAL_EN = {
    "box": "boxes",
    "pouch": "pouches",
    "dozen": "dozen",
    "kg": "kg",
    "g": "g",
    "ml": "ml",
}


def product_word(product: str, language: str) -> str:
    """A catalogue product as said in the language; a shop's own product keeps its name."""
    words = PRODUCT_WORDS.get(product.lower())
    if words is None or language == "en":
        return product
    return words[1] if language == "hi" else words[0]


def quantity_words(quantity: float, unit: str, language: str) -> str:
    """'50 packet', '2.5 किलो', '50 packets'."""
    number = f"{quantity:g}"
    words = UNIT_WORDS.get(unit.lower())
    if words is None:
        return f"{number} {unit}".strip()
    if language == "en":
        english = words[2]
        plural = _PLURAL_EN.get(english, f"{english}s") if quantity != 1 else english
        return f"{number} {plural}"
    return f"{number} {words[1] if language == 'hi' else words[0]}"
