"""What the workshop's checks share: a valid flower of each species and the test password."""

SETOSA = {"sepal_length": 5.1, "sepal_width": 3.5, "petal_length": 1.4, "petal_width": 0.2}
VIRGINICA = {"sepal_length": 6.9, "sepal_width": 3.1, "petal_length": 5.4, "petal_width": 2.1}
PASSWORD = "plum-orchard-42"

# The bugs exercise 08 plants in the feedback service (see planted_bug in conftest.py).
PLANTED_BUGS = {
    "wrong_label": "feedback stores the predicted label, not the one the user chose",
    "not_saved": "feedback is never saved, though the page says it was",
}
