"""The bugs exercise 08 plants in the feedback service of both apps, one at a time.

Read this after writing your tests, not before: the exercise is to find tests that any
reasonable bug in feedback would break, not tests of these two.
"""

from __future__ import annotations

PLANTED_BUGS = {
    "wrong_label": "feedback stores the predicted label, not the one the user chose",
    "not_saved": "feedback is never saved, though the page says it was",
}


def bugged_feedback_record(bug: str, original):
    """`prediction_feedback_record` with `bug` in it, in place of `original`."""

    def prediction_feedback_record(*, prediction, true_label):
        if bug == "not_saved":
            return prediction
        return original(prediction=prediction, true_label=prediction.label)

    return prediction_feedback_record
