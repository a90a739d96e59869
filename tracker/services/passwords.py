"""The password policy: every password a person chooses (the command line, the profile page; the
reset page when it comes) is checked here before it is hashed.

At least MIN_LENGTH characters, not built on the person's email or name, and not rated weak
by zxcvbn, the strength estimator that looks for common passwords, words, names, keyboard
rows, repeats, sequences and dates. The message says why, in the reader's language."""

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

from tracker.services import Message

MIN_LENGTH = 12
# zxcvbn's scale is 0-4; 3 is "safely unguessable": about 10^8 guesses or more.
MIN_SCORE = 3
# zxcvbn reads at most this much (its own limit: matching grows with the length).
_CHECKED_LENGTH = 72

TIP = _l("A few unrelated words together make a password that is long and easy to remember.")

# Why zxcvbn found it weak, by the kind of its longest weak part.
_WHY: dict[str, Message] = {
    "passwords": _l("It is one of the most common passwords."),
    "user_inputs": _l("It is built on your name or email address."),
    "dictionary": _l("It is built on a common word or name."),
    "spatial": _l("It follows keys that sit next to each other on the keyboard."),
    "repeat": _l("It repeats the same characters or words."),
    "sequence": _l("It is a sequence such as abc or 1234."),
    "date": _l("It is built on a date or a year."),
    "regex": _l("It is built on a date or a year."),
}
_TOO_SIMPLE = _l("It is too simple to hold against guessing.")


def problems(password: str | None, *, email: str = "", name: str = "") -> list[Message]:
    """What is wrong with ``password`` for the person with this email and name; [] if
    nothing."""
    password = password or ""
    if len(password) < MIN_LENGTH:
        return [_l("The password must be at least %(n)s characters long.", n=MIN_LENGTH)]
    folded = _letters(password)
    inputs = _personal(email, name)
    if any(len(part) >= 4 and part in folded for part in inputs["whole"]):
        return [_l("The password must not contain your email address or your name."), TIP]
    result = zxcvbn(password[:_CHECKED_LENGTH], user_inputs=inputs["parts"])
    if result["score"] >= MIN_SCORE:
        return []
    return [_l("The password is too easy to guess."), _why(result["sequence"]), TIP]


def _letters(text: str) -> str:
    """Lower-case letters and digits only: "Karin.Lind" and "karinlind" are the same."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _personal(email: str, name: str) -> dict[str, list[str]]:
    """The person's email and name as wholes (not to be contained) and as parts (for zxcvbn
    to recognise as the person's own)."""
    local, _, domain = (email or "").casefold().partition("@")
    words = [w for w in re.split(r"[\W_]+", f"{local} {name}".casefold()) if w]
    return {
        "whole": [_letters(email or ""), _letters(local), _letters(name or "")],
        "parts": [*words, local, domain.split(".")[0]] if local else words,
    }


def _why(sequence: list[dict[str, Any]]) -> Message:
    """The reason for the longest part that is not plain guessing."""
    parts = [m for m in sequence if m.get("pattern") != "bruteforce"]
    if not parts:
        return _TOO_SIMPLE
    longest = max(parts, key=lambda m: len(m.get("token", "")))
    kind = longest["pattern"]
    if kind == "dictionary":
        kind = longest.get("dictionary_name", "dictionary")
    return _WHY.get(kind, _WHY["dictionary"])
