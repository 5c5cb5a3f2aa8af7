"""`python -m shared_model` end to end, in a subprocess like a user would run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from shared_model.model.schema import CLASSES

SETOSA = [
    "--sepal-length",
    "5.1",
    "--sepal-width",
    "3.5",
    "--petal-length",
    "1.4",
    "--petal-width",
    "0.2",
]


def run(*args, model_dir):
    env = {**os.environ, "MODEL_DIR": str(model_dir)}
    return subprocess.run(
        [sys.executable, "-m", "shared_model", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def cli_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("cli-model")
    result = run("train", model_dir=directory)
    assert result.returncode == 0, result.stderr
    assert "held-out accuracy" in result.stdout
    return directory


def test_help_lists_the_commands(tmp_path):
    result = run("--help", model_dir=tmp_path)
    assert result.returncode == 0
    for command in ("train", "card", "predict"):
        assert command in result.stdout


def test_card_prints_the_model_card(cli_dir):
    result = run("card", model_dir=cli_dir)
    assert result.returncode == 0
    card = json.loads(result.stdout)
    assert card["classes"] == list(CLASSES) and len(card["version"]) == 12


def test_training_twice_keeps_the_version(cli_dir):
    before = json.loads(run("card", model_dir=cli_dir).stdout)["version"]
    assert run("train", model_dir=cli_dir).returncode == 0
    assert json.loads(run("card", model_dir=cli_dir).stdout)["version"] == before


def test_predict_prints_label_and_probabilities(cli_dir):
    result = run("predict", *SETOSA, model_dir=cli_dir)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["label"] == "setosa"
    assert sum(answer["probabilities"].values()) == pytest.approx(1, abs=1e-6)


def test_predict_refuses_an_out_of_range_value_naming_it(cli_dir):
    result = run("predict", *SETOSA[:-1], "99", model_dir=cli_dir)
    assert result.returncode == 2
    assert "petal_width" in result.stderr


def test_missing_model_says_how_to_rebuild_it(tmp_path):
    result = run("card", model_dir=tmp_path)
    assert result.returncode == 1
    assert "python -m shared_model train" in result.stderr
