"""Fixtures for the shared model's tests: one training run shared by the session."""

from __future__ import annotations

import pytest

from shared_model.model import artifacts
from shared_model.model.predictor import Predictor
from shared_model.model.training import train


@pytest.fixture(scope="session")
def trained():
    """(model, card) from one training run."""
    return train()


@pytest.fixture(scope="session")
def artifact_dir(tmp_path_factory, trained):
    directory = tmp_path_factory.mktemp("artifacts")
    artifacts.save(*trained, directory=directory)
    return directory


@pytest.fixture(scope="session")
def predictor(artifact_dir):
    return Predictor.load(artifact_dir)


@pytest.fixture
def setosa():
    return {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
