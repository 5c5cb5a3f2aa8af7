"""Where the trained model lives, and how it is written and read safely.

The model is stored with skops, which rebuilds objects from a declared list of types
instead of running pickle's arbitrary code. Loading checks every type in the file
against `TRUSTED_TYPES`; anything else means the file is not ours and is refused.
"""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

ARTIFACT_DIR_ENV = "MODEL_DIR"
DEFAULT_ARTIFACT_DIR = Path(__file__).resolve().parents[1] / "artifacts"
MODEL_FILENAME = "iris_model.skops"
CARD_FILENAME = "model_card.json"
REBUILD_COMMAND = "make model  (or: python -m shared_model train)"

# Every type the trained pipeline is made of. A file that holds any other type is refused,
# even one skops would trust by default: this artifact can only be our pipeline.
TRUSTED_TYPES: frozenset[str] = frozenset(
    {
        "builtins.dict",
        "builtins.list",
        "builtins.str",
        "builtins.tuple",
        "numpy.float64",
        "numpy.ndarray",
        "sklearn.linear_model._logistic.LogisticRegression",
        "sklearn.pipeline.Pipeline",
        "sklearn.preprocessing._data.StandardScaler",
    }
)


class ModelArtifactError(RuntimeError):
    """The model artifact is missing or unreadable; the message says how to rebuild it."""

    def __init__(self, path: Path, problem: str):
        super().__init__(f"Model artifact {path} {problem}. Rebuild it with: {REBUILD_COMMAND}")
        self.path = path


def artifact_dir() -> Path:
    return Path(os.environ.get(ARTIFACT_DIR_ENV) or DEFAULT_ARTIFACT_DIR)


def save(model: Any, card: dict, directory: Path | None = None) -> Path:
    import skops.io

    directory = directory or artifact_dir()
    directory.mkdir(parents=True, exist_ok=True)
    model_path = directory / MODEL_FILENAME
    skops.io.dump(model, model_path)
    (directory / CARD_FILENAME).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return model_path


def load(directory: Path | None = None) -> tuple[Any, dict]:
    """Load (model, card), or raise ModelArtifactError naming the file at fault."""
    directory = directory or artifact_dir()
    model_path = directory / MODEL_FILENAME
    card_path = directory / CARD_FILENAME
    for path in (model_path, card_path):
        if not path.is_file():
            raise ModelArtifactError(path, "is missing")
    try:
        card = json.loads(card_path.read_text(encoding="utf-8"))
        if not isinstance(card, dict) or "version" not in card:
            raise ValueError("no version")
    except (ValueError, UnicodeDecodeError) as error:
        raise ModelArtifactError(card_path, f"is corrupt ({error})") from error
    model = _load_model(model_path)
    return model, card


def artifact_types(path: Path) -> set[str]:
    """Every type named in a skops archive's schema, read without building any object."""
    with zipfile.ZipFile(path) as archive:
        schema = json.loads(archive.read("schema.json"))
    types: set[str] = set()
    nodes = [schema]
    while nodes:
        node = nodes.pop()
        if isinstance(node, dict):
            if "__class__" in node:
                types.add(f"{node.get('__module__', '')}.{node['__class__']}")
            nodes.extend(node.values())
        elif isinstance(node, list):
            nodes.extend(node)
    return types


def _load_model(path: Path) -> Any:
    import skops.io

    try:
        unexpected = sorted(artifact_types(path) - TRUSTED_TYPES)
        # skops asks to be told explicitly which of its "untrusted" types to build.
        untrusted = skops.io.get_untrusted_types(file=path)
    except Exception as error:  # zipfile, json and skops raise many types for a damaged file
        raise ModelArtifactError(path, f"is corrupt ({type(error).__name__})") from error
    if unexpected:
        raise ModelArtifactError(path, f"holds types that are not trusted: {unexpected}")
    try:
        return skops.io.load(path, trusted=untrusted)
    except Exception as error:
        raise ModelArtifactError(path, f"is corrupt ({type(error).__name__})") from error
