"""Check of exercise 01 in Django: the `prediction_stats` management command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from workshop.support import SETOSA, VIRGINICA, shown

MISSING = (
    "`manage.py prediction_stats` does not exist yet: write a management command in "
    "django_app/predictions/management/commands/prediction_stats.py."
)


def _seed(django_user):
    from django_app.predictions import services

    alice, bob = django_user("alice"), django_user("bob")
    made = [
        services.prediction_create(user=alice, features=SETOSA),
        services.prediction_create(user=alice, features=SETOSA),
        services.prediction_create(user=bob, features=VIRGINICA),
    ]
    return [p.label for p in made]


def _run(*args) -> list[str]:
    out = StringIO()
    try:
        call_command("prediction_stats", *args, stdout=out, stderr=StringIO())
    except CommandError as error:
        if "Unknown command" in str(error):
            pytest.fail(MISSING)
        raise
    return out.getvalue().splitlines()


def test_prints_the_total_then_a_line_per_class_in_order(django_user):
    from shared_model.model.schema import CLASSES

    labels = _seed(django_user)
    lines = _run()
    expected = ["Predictions: 3", *(f"{name}: {labels.count(name)}" for name in CLASSES)]
    assert lines[:1] == expected[:1], (
        f"The first line reads `Predictions: 3` (every user's predictions, written with "
        f"self.stdout.write); it printed {shown(lines)}."
    )
    assert lines[1:] == expected[1:], (
        f"Then one line per class, in the order of CLASSES, a class nobody predicted at 0: "
        f"expected {shown(expected[1:])}, it printed {shown(lines[1:])}."
    )


def test_user_option_counts_one_user(django_user):
    _seed(django_user)
    lines = _run("--user", "bob")
    assert lines[:2] == ["Predictions: 1", "setosa: 0"], (
        f"With --user bob, only bob's one prediction (a virginica) counts; it printed "
        f"{shown(lines)}."
    )


def test_unknown_user_is_an_error(django_user):
    try:
        lines = _run("--user", "nobody")
    except CommandError as error:
        assert "nobody" in str(error), (
            f"The error names the unknown user, e.g. `No user named 'nobody'.`; it said "
            f"{shown(str(error))}."
        )
    else:
        pytest.fail(
            "`--user nobody` must end with an error that names the user (raise CommandError, "
            f"which exits with a non-zero status); it printed {shown(lines)} and succeeded."
        )
