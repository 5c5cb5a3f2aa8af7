"""Check of exercise 01 in Flask: the `prediction-stats` click command."""

from __future__ import annotations

import pytest

from workshop.support import SETOSA, VIRGINICA, shown

MISSING = (
    "`flask --app flask_app prediction-stats` does not exist yet: write a click command "
    "named prediction-stats in flask_app/cli.py and add it to the app in init_app()."
)


def _seed(flask_user):
    from flask_app import services

    alice, bob = flask_user("alice"), flask_user("bob")
    made = [
        services.prediction_create(user=alice, features=SETOSA),
        services.prediction_create(user=alice, features=SETOSA),
        services.prediction_create(user=bob, features=VIRGINICA),
    ]
    return [p.label for p in made]


def _run(app, *args):
    result = app.test_cli_runner().invoke(args=["prediction-stats", *args])
    if "No such command" in result.output:
        pytest.fail(MISSING)
    return result


def test_prints_the_total_then_a_line_per_class_in_order(flask_ctx, flask_user):
    from shared_model.model.schema import CLASSES

    labels = _seed(flask_user)
    result = _run(flask_ctx)
    lines = result.output.splitlines()
    assert result.exit_code == 0, f"The command failed: {shown(result.output)}"
    expected = ["Predictions: 3", *(f"{name}: {labels.count(name)}" for name in CLASSES)]
    assert lines[:1] == expected[:1], (
        f"The first line reads `Predictions: 3` (every user's predictions, written with "
        f"click.echo); it printed {shown(lines)}."
    )
    assert lines[1:] == expected[1:], (
        f"Then one line per class, in the order of CLASSES, a class nobody predicted at 0: "
        f"expected {shown(expected[1:])}, it printed {shown(lines[1:])}."
    )


def test_user_option_counts_one_user(flask_ctx, flask_user):
    _seed(flask_user)
    result = _run(flask_ctx, "--user", "bob")
    lines = result.output.splitlines()
    assert result.exit_code == 0 and lines[:2] == ["Predictions: 1", "setosa: 0"], (
        f"With --user bob, only bob's one prediction (a virginica) counts; it printed "
        f"{shown(lines)} (exit status {result.exit_code})."
    )


def test_unknown_user_is_an_error(flask_ctx, flask_user):
    result = _run(flask_ctx, "--user", "nobody")
    assert result.exit_code != 0, (
        "`--user nobody` must end with an error (raise click.ClickException, which exits "
        f"with a non-zero status); it printed {shown(result.output)} and exited 0."
    )
    assert "nobody" in result.output, (
        f"The error names the unknown user, e.g. `No user named 'nobody'.`; it printed "
        f"{shown(result.output)}."
    )
