"""The pages: home, predict, a prediction, the history and the dashboard.

Thin on purpose: a view reads the request, calls a service or a selector, and renders.

Django counterpart: django_app/predictions/views.py
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from sqlalchemy import select

from shared_model import charts
from shared_model.schema import CLASSES

from . import selectors, services
from .extensions import db, get_predictor
from .forms import FeedbackForm, PredictionForm
from .models import MAX_ID, Prediction

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    return render_template("home.html")


@bp.route("/predict/", methods=["GET", "POST"])
@login_required
def predict():
    form = PredictionForm()
    if form.validate_on_submit():
        prediction = services.prediction_create(user=current_user, features=form.features)
        # 303: after a form POST, the browser GETs the result page.
        return redirect(url_for(".prediction_detail", prediction_id=prediction.id), 303)
    return render_template("predict.html", form=form), 400 if form.is_submitted() else 200


# An id past MAX_ID (the 64-bit limit) matches no route, so it is a 404 like any unknown id.
@bp.route(f"/predictions/<int(max={MAX_ID}):prediction_id>/", methods=["GET", "POST"])
@login_required
def prediction_detail(prediction_id: int):
    # Another user's prediction is a 404, as if it did not exist.
    prediction = db.first_or_404(
        select(Prediction).where(
            Prediction.id == prediction_id, Prediction.user_id == current_user.id
        )
    )
    form = FeedbackForm()
    if form.validate_on_submit():
        services.prediction_feedback_record(prediction=prediction, true_label=form.true_label.data)
        flash("Feedback saved. Thank you.")
        return redirect(url_for(".prediction_detail", prediction_id=prediction.id), 303)
    status = 400 if form.is_submitted() else 200
    return render_template("prediction_detail.html", prediction=prediction, form=form), status


@bp.get("/predictions/")
@login_required
def prediction_list():
    page = selectors.prediction_page_for_user(user=current_user, page=request.args.get("page"))
    return render_template("prediction_list.html", page=page)


@bp.get("/dashboard/")
@login_required
def dashboard():
    stats = selectors.dashboard_stats()
    metrics = get_predictor().card["metrics"]
    # The chart functions escape every text they draw, so their SVG is safe to insert.
    return render_template(
        "dashboard.html",
        stats=stats,
        held_out_accuracy=metrics["accuracy"],
        per_class_metrics=[(name, metrics["per_class"][name]) for name in CLASSES],
        class_chart=Markup(charts.class_counts_chart(stats.per_class)),
        daily_chart=Markup(charts.daily_counts_chart(stats.per_day)),
        accuracy_chart=Markup(
            charts.accuracy_chart(
                live=stats.live_accuracy,
                held_out=metrics["accuracy"],
                feedback_count=stats.feedback_count,
            )
        ),
        confusion_chart=Markup(charts.confusion_matrix_chart(metrics["confusion_matrix"], CLASSES)),
    )
