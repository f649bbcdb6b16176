"""The spoken replies of the routine commands (merged into application/replies.py)."""

from __future__ import annotations

DONE: dict[str, dict[str, str]] = {
    "CREATE_ROUTINE": {
        "hinglish": "{routine} routine ban gaya: {count} kaam. '{routine} routine' bolkar chalaiye.",
        "en": "Saved the {routine} routine with {count} step{s}. Say '{routine} routine' to run it.",
        "hi": "{routine} रूटीन बन गया: {count} काम। '{routine} रूटीन' बोलकर चलाइए।",
    },
    "CHANGE_ROUTINE": {
        "hinglish": "{routine} routine badal diya: ab {count} kaam.",
        "en": "Changed the {routine} routine: {count} step{s} now.",
        "hi": "{routine} रूटीन बदल दिया: अब {count} काम।",
    },
    "DELETE_ROUTINE": {
        "hinglish": "{routine} routine hata diya.",
        "en": "Deleted the {routine} routine.",
        "hi": "{routine} रूटीन हटा दिया।",
    },
    "LIST_ROUTINES": {
        "hinglish": "Aapke {count} routine hain: {names}.",
        "en": "You have {count} routine{s}: {names}.",
        "hi": "आपके {count} रूटीन हैं: {names}।",
    },
}
FAILED: dict[str, dict[str, str]] = {
    "routine_not_found": {
        "hinglish": "Iss naam ka koi routine nahi mila.",
        "en": "There is no routine by that name.",
        "hi": "इस नाम का कोई रूटीन नहीं मिला।",
    },
    "duplicate_routine": {
        "hinglish": "Yeh naam pehle se hai. Naye kaam ke liye 'routine badlo' boliye.",
        "en": "A routine by that name exists already. Say 'change the routine' to change it.",
        "hi": "इस नाम का रूटीन पहले से है। बदलना हो तो 'रूटीन बदलो' बोलिए।",
    },
    "invalid_routine": {
        "hinglish": "Routine samajh nahi aaya: har kaam saaf boliye, comma se alag.",
        "en": "I could not save that routine: say each step clearly, separated by commas.",
        "hi": "रूटीन समझ नहीं आया: हर काम साफ़ बोलिए, अलग-अलग।",
    },
}
