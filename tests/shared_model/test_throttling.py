"""The login throttle's rule: locked at the limit, for the lockout after the last failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from shared_model.web.throttling import FAILURE_LIMIT, LOCKOUT, is_locked_out

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
SECOND = timedelta(seconds=1)


def test_a_pair_is_locked_from_the_limit_on():
    assert not is_locked_out(FAILURE_LIMIT - 1, NOW, NOW)
    assert is_locked_out(FAILURE_LIMIT, NOW, NOW)


def test_a_lockout_ends_when_the_lockout_has_passed_since_the_last_failure():
    assert is_locked_out(FAILURE_LIMIT, NOW - LOCKOUT + SECOND, NOW)
    assert not is_locked_out(FAILURE_LIMIT, NOW - LOCKOUT, NOW)


def test_no_failure_is_no_lockout():
    assert not is_locked_out(0, None, NOW)
