"""The password rules of both apps: Django's four default validators, written once.

The Django app runs Django's own validators (`AUTH_PASSWORD_VALIDATORS`); Flask has none, so
its sign-up form and its `create-user` command call `password_errors`, which applies the
same four rules with the same messages, in the same order: not too similar to the username,
at least 8 characters, not one of the 20,000 most common passwords (Django's list, compared
lower-cased and stripped), not entirely numeric. A test holds the two to the same answers.
"""

from __future__ import annotations

import gzip
import re
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parents[1] / "data" / "common-passwords.txt.gz"
PASSWORD_MIN_LENGTH = 8
PASSWORD_MAX_SIMILARITY = 0.7
PASSWORD_HELP = (
    f"At least {PASSWORD_MIN_LENGTH} characters, not entirely numeric, not a common password "
    "and not too similar to your username."
)


@cache
def _common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


def is_common_password(password: str) -> bool:
    return password.lower().strip() in _common_passwords()


def is_too_similar(password: str, username: str) -> bool:
    """Django's UserAttributeSimilarityValidator, for the username alone."""
    password, username = password.lower(), username.lower()
    if not username:
        return False
    for part in [*re.split(r"\W+", username), username]:
        # A much longer password that merely contains a short name is not "too similar".
        much_longer = len(password) >= 10 * len(part)
        if much_longer and len(part) < PASSWORD_MAX_SIMILARITY / 2 * len(password):
            continue
        if SequenceMatcher(a=password, b=part).quick_ratio() >= PASSWORD_MAX_SIMILARITY:
            return True
    return False


def password_errors(username: str, password: str) -> list[str]:
    """What Django's `validate_password` says of `password` for `username`; [] if it is fine."""
    errors = []
    if is_too_similar(password, username):
        errors.append("The password is too similar to the username.")
    if len(password) < PASSWORD_MIN_LENGTH:
        errors.append(
            "This password is too short. It must contain at least "
            f"{PASSWORD_MIN_LENGTH} characters."
        )
    if is_common_password(password):
        errors.append("This password is too common.")
    if password.isdigit():
        errors.append("This password is entirely numeric.")
    return errors
