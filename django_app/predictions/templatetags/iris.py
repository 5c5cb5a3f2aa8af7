"""Template filters the pages share with the Flask app's Jinja filters.

Flask counterpart: the template filters registered in flask_app/__init__.py.
"""

from __future__ import annotations

from datetime import datetime

from django import template

from shared_model.web.times import isoformat

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.9111 → "91.1%"; None (nothing measured yet) → "—"."""
    return "—" if value is None else f"{value:.1%}"


@register.filter
def iso(moment: datetime) -> str:
    """The machine-readable time of a `<time>` element: ISO 8601 with the UTC offset."""
    return isoformat(moment)
