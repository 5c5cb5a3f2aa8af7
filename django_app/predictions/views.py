"""The pages: home, predict, a prediction, the history and the dashboard.

Thin on purpose: a view reads the request, calls a service or a selector, and renders.

Flask counterpart: flask_app/views.py
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from shared_model import charts
from shared_model.predictor import get_predictor
from shared_model.schema import CLASSES

from . import selectors, services
from .forms import FeedbackForm, PredictionForm
from .models import Prediction


class HttpResponseSeeOther(HttpResponseRedirect):
    """303: after a form POST, the browser GETs the result page."""

    status_code = 303


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@login_required
def predict(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PredictionForm(request.POST)
        if form.is_valid():
            prediction = services.prediction_create(user=request.user, features=form.cleaned_data)
            return HttpResponseSeeOther(prediction.get_absolute_url())
        return render(request, "predict.html", {"form": form}, status=400)
    return render(request, "predict.html", {"form": PredictionForm()})


@login_required
def prediction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's prediction is a 404, as if it did not exist.
    prediction = get_object_or_404(Prediction, pk=pk, user=request.user)
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            services.prediction_feedback_record(
                prediction=prediction, true_label=form.cleaned_data["true_label"]
            )
            messages.success(request, "Feedback saved. Thank you.")
            return HttpResponseSeeOther(prediction.get_absolute_url())
        status = 400
    else:
        form, status = FeedbackForm(), 200
    context = {"prediction": prediction, "form": form}
    return render(request, "prediction_detail.html", context, status=status)


@login_required
def prediction_list(request: HttpRequest) -> HttpResponse:
    page = selectors.prediction_page_for_user(user=request.user, page=request.GET.get("page"))
    return render(request, "prediction_list.html", {"page": page})


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    stats = selectors.dashboard_stats()
    metrics = get_predictor().card["metrics"]
    # The chart functions escape every text they draw, so their SVG is safe to insert.
    context = {
        "stats": stats,
        "held_out_accuracy": metrics["accuracy"],
        "per_class_metrics": [(name, metrics["per_class"][name]) for name in CLASSES],
        "class_chart": mark_safe(charts.class_counts_chart(stats.per_class)),
        "daily_chart": mark_safe(charts.daily_counts_chart(stats.per_day)),
        "accuracy_chart": mark_safe(
            charts.accuracy_chart(
                live=stats.live_accuracy,
                held_out=metrics["accuracy"],
                feedback_count=stats.feedback_count,
            )
        ),
        "confusion_chart": mark_safe(
            charts.confusion_matrix_chart(metrics["confusion_matrix"], CLASSES)
        ),
    }
    return render(request, "dashboard.html", context)
