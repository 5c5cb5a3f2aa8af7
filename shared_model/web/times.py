"""Times as both apps write them: ISO 8601 in UTC, in the API, the pages' `<time>` elements
and the CSV exports."""

from __future__ import annotations

from datetime import UTC, datetime


def isoformat(moment: datetime) -> str:
    """ISO 8601 with a UTC offset; naive datetimes are taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")
