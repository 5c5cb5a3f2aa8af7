"""Times: ISO 8601 with a UTC offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from shared_model.web.times import isoformat


def test_times_carry_a_utc_offset():
    assert isoformat(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05+00:00"
    paris = datetime(2026, 1, 2, 4, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    assert isoformat(paris) == isoformat(datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
