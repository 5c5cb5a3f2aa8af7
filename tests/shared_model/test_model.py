"""Training is deterministic and good enough; the predictor answers consistently."""

from __future__ import annotations

import pytest

from shared_model.model import artifacts
from shared_model.model.artifacts import ModelArtifactError
from shared_model.model.predictor import Predictor
from shared_model.model.schema import CLASSES, FEATURE_NAMES
from shared_model.model.training import load_data, train


def test_two_trainings_give_the_same_version_and_predictions(trained):
    model, card = trained
    again_model, again_card = train()
    assert again_card["version"] == card["version"]
    X, _ = load_data()
    assert (again_model.predict_proba(X) == model.predict_proba(X)).all()


def test_held_out_accuracy_is_at_least_ninety_percent(trained):
    assert trained[1]["metrics"]["accuracy"] >= 0.9


def test_card_metrics_agree_with_the_data(trained):
    card = trained[1]
    metrics = card["metrics"]
    matrix = metrics["confusion_matrix"]
    total = sum(map(sum, matrix))
    assert total == card["training"]["test_samples"]
    assert card["training"]["train_samples"] + total == len(load_data()[1])
    correct = sum(matrix[i][i] for i in range(len(CLASSES)))
    assert metrics["accuracy"] == pytest.approx(correct / total, abs=1e-6)
    for i, name in enumerate(CLASSES):
        assert metrics["per_class"][name]["support"] == sum(matrix[i])
        assert metrics["per_class"][name]["recall"] == pytest.approx(matrix[i][i] / sum(matrix[i]))
    assert 0.8 <= metrics["cv_accuracy_mean"] <= 1.0
    assert metrics["cv_accuracy_std"] >= 0


def test_card_lists_the_features_with_both_ranges(trained):
    card = trained[1]
    assert [f["name"] for f in card["features"]] == list(FEATURE_NAMES)
    for feature in card["features"]:
        assert feature["min"] <= feature["training_min"] < feature["training_max"] <= feature["max"]
        assert feature["unit"] == "cm" and feature["label"] and feature["description"]
    assert card["classes"] == list(CLASSES)
    assert {"scikit-learn", "numpy", "skops"} <= card["libraries"].keys()


def test_probabilities_name_every_class_and_sum_to_one(predictor, setosa):
    result = predictor.predict_one(setosa)
    assert list(result.probabilities) == list(CLASSES)
    assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-6)
    assert result.label == "setosa"


def test_batch_gives_the_answers_of_the_instances_one_by_one(predictor):
    X, _ = load_data()
    rows = [dict(zip(FEATURE_NAMES, map(float, x), strict=True)) for x in X[::7]]
    assert predictor.predict_many(rows) == [predictor.predict_one(row) for row in rows]


def test_value_outside_training_range_warns_naming_the_feature(predictor, setosa):
    (card_feature,) = (f for f in predictor.card["features"] if f["name"] == "petal_width")
    result = predictor.predict_one({**setosa, "petal_width": 4.5})
    assert [w["feature"] for w in result.warnings] == ["petal_width"]
    warning = result.warnings[0]
    assert warning["training_min"] == card_feature["training_min"]
    assert warning["training_max"] == card_feature["training_max"]
    assert "petal_width" in warning["message"]


def test_value_inside_training_range_has_no_warning(predictor, setosa):
    assert predictor.predict_one(setosa).warnings == []


def test_an_answer_gives_the_columns_of_its_stored_prediction(predictor, setosa):
    result = predictor.predict_one(setosa)

    assert result.columns(setosa, predictor.version) == {
        **setosa,
        "label": result.label,
        "probabilities": result.probabilities,
        "warnings": result.warnings,
        "model_version": predictor.version,
    }


def test_missing_artifact_names_the_file_and_the_rebuild_command(tmp_path):
    with pytest.raises(ModelArtifactError) as caught:
        Predictor.load(tmp_path)
    message = str(caught.value)
    assert str(tmp_path / artifacts.MODEL_FILENAME) in message
    assert "python -m shared_model train" in message


def test_corrupt_artifact_names_the_file_and_the_rebuild_command(tmp_path, artifact_dir):
    (tmp_path / artifacts.CARD_FILENAME).write_bytes(
        (artifact_dir / artifacts.CARD_FILENAME).read_bytes()
    )
    (tmp_path / artifacts.MODEL_FILENAME).write_bytes(b"not a skops archive")
    with pytest.raises(ModelArtifactError) as caught:
        Predictor.load(tmp_path)
    assert str(tmp_path / artifacts.MODEL_FILENAME) in str(caught.value)
    assert "make model" in str(caught.value)


def test_corrupt_card_is_refused(tmp_path, artifact_dir):
    (tmp_path / artifacts.MODEL_FILENAME).write_bytes(
        (artifact_dir / artifacts.MODEL_FILENAME).read_bytes()
    )
    (tmp_path / artifacts.CARD_FILENAME).write_text("{not json")
    with pytest.raises(ModelArtifactError) as caught:
        Predictor.load(tmp_path)
    assert artifacts.CARD_FILENAME in str(caught.value)


def test_artifact_holding_an_unlisted_type_is_refused(tmp_path, trained):
    from sklearn.tree import DecisionTreeClassifier

    X, y = load_data()
    artifacts.save(DecisionTreeClassifier(random_state=0).fit(X, y), trained[1], directory=tmp_path)
    with pytest.raises(ModelArtifactError) as caught:
        Predictor.load(tmp_path)
    assert "not trusted" in str(caught.value)
    assert "sklearn.tree._classes.DecisionTreeClassifier" in str(caught.value)
