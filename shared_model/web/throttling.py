"""Login throttling: the contract's numbers, its message, and the rule that applies them.

After FAILURE_LIMIT failed logins for one username from one client address, further logins
for that pair are refused (429) until LOCKOUT has passed since the pair's last failure; a
refused attempt counts as a failure too, and a success clears the pair. Django applies the
numbers through django-axes (django_app/config/settings.py); the Flask app through a table
and service of its own, with the rule below (flask_app/services.py, flask_app/selectors.py).
"""

from __future__ import annotations

from datetime import datetime, timedelta

FAILURE_LIMIT = 5
LOCKOUT = timedelta(minutes=15)
LOCKED_OUT_MESSAGE = "Too many failed login attempts. Try again in 15 minutes."


def is_locked_out(failures: int, last_failure_at: datetime | None, now: datetime) -> bool:
    """Whether a pair with `failures` failures, the last at `last_failure_at`, is locked now."""
    if last_failure_at is None or failures < FAILURE_LIMIT:
        return False
    return now - last_failure_at < LOCKOUT


def unlocked_message(username: str, cleared: int) -> str:
    """What `unlock-user` prints, in both apps."""
    return f"Cleared {cleared} failed-login record(s) of {username}; they may log in again."
