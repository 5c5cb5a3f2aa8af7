"""What every suite's test data is made of: one password, one flower, fresh usernames, rows.

Used by the per-app suites, the contract suite, the browser suite and the bench alike, so
that a rule that changes (a stronger password policy, say) changes in one place.
"""

from __future__ import annotations

import itertools
import uuid

from shared_model.pages.csv_io import read_upload

# The password every test user gets: strong enough for both apps' rules.
PASSWORD = "plum-orchard-42"

# A typical setosa, as numbers (services, the JSON API) and as a browser posts it (forms).
SETOSA = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
SETOSA_FORM = {name: str(value) for name, value in SETOSA.items()}

_serial = itertools.count(1)


def unique_username(prefix: str = "user") -> str:
    """A username that no test in this run has used yet."""
    return f"{prefix}{next(_serial)}_{uuid.uuid4().hex[:6]}"


def upload_rows(*lines: str) -> list:
    """The checked rows of an upload whose data lines are `lines` (a blank line 2 first)."""
    header = "sepal_length,sepal_width,petal_length,petal_width"
    return read_upload("\n".join([header, "", *lines]).encode())
