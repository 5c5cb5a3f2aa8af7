"""The common-password list, for the app whose framework has none (Flask).

Django refuses the 20,000 most common passwords with its CommonPasswordValidator; the
Flask app applies the same list, compared the same way (lower-cased, stripped), with the
same message.
"""

from __future__ import annotations

import gzip
from functools import cache
from pathlib import Path

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent / "data" / "common-passwords.txt.gz"
COMMON_PASSWORD_MESSAGE = "This password is too common."


@cache
def _common_passwords() -> frozenset[str]:
    with gzip.open(COMMON_PASSWORDS_FILE, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines)


def is_common_password(password: str) -> bool:
    return password.lower().strip() in _common_passwords()
