"""The iris feature schema and the class labels, defined once for both apps.

Every range, unit and label that a form, the API, the OpenAPI document or the model card
shows comes from here, so the Django and Flask apps cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

CLASSES: tuple[str, ...] = ("setosa", "versicolor", "virginica")

# A batch larger than this is refused with 413 `too_large`.
MAX_BATCH_SIZE = 1000


@dataclass(frozen=True)
class Feature:
    """One model input: a length in centimetres with the range a request may use."""

    name: str
    label: str
    description: str
    min: float
    max: float
    unit: str = "cm"
    # The form's step: the data set is measured to a tenth of a centimetre.
    step: float = 0.1


FEATURES: tuple[Feature, ...] = (
    Feature(
        name="sepal_length",
        label="Sepal length",
        description="Length of the sepal, the outer leaf that protects the bud.",
        min=0.1,
        max=15.0,
    ),
    Feature(
        name="sepal_width",
        label="Sepal width",
        description="Width of the sepal at its widest point.",
        min=0.1,
        max=10.0,
    ),
    Feature(
        name="petal_length",
        label="Petal length",
        description="Length of the petal, the coloured inner leaf.",
        min=0.1,
        max=15.0,
    ),
    Feature(
        name="petal_width",
        label="Petal width",
        description="Width of the petal at its widest point.",
        min=0.1,
        max=5.0,
    ),
)

FEATURE_NAMES: tuple[str, ...] = tuple(feature.name for feature in FEATURES)
FEATURES_BY_NAME: dict[str, Feature] = {feature.name: feature for feature in FEATURES}
