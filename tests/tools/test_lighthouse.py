"""`make lighthouse` reads Lighthouse's JSON report: the four scores, and what cost points."""

from __future__ import annotations

from tools.lighthouse import CATEGORIES, losses, scores


def report(audit_scores: dict[str, float | None], category_score: float = 1.0) -> dict:
    """A report in Lighthouse's shape: each category weighs every audit given, but `manual`."""
    refs = [{"id": name, "weight": 0 if name == "manual" else 1} for name in audit_scores]
    return {
        "categories": {name: {"score": category_score, "auditRefs": refs} for name in CATEGORIES},
        "audits": {
            name: {"score": score, "title": f"the {name} audit"}
            for name, score in audit_scores.items()
        },
    }


def test_scores_are_percentages_of_each_category():
    assert scores(report({}, 0.994)) == dict.fromkeys(CATEGORIES, 99)


def test_only_a_weighted_audit_that_failed_costs_points():
    lost = losses(report({"meta-description": 0.0, "document-title": 1.0, "manual": 0.0}))

    assert len(lost) == len(CATEGORIES)
    assert all("meta-description (0.00) the meta-description audit" in line for line in lost)


def test_an_audit_that_does_not_apply_costs_nothing():
    assert losses(report({"canonical": None})) == []
