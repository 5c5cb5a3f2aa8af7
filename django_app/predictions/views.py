"""The pages: home, predict, a prediction, the history, the dashboard, and the error pages.

Thin on purpose: a view reads the request, calls a service or a selector, and renders.

Flask counterpart: flask_app/views.py
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from shared_model import charts
from shared_model.predictor import get_predictor
from shared_model.schema import CLASSES

from . import outages, selectors, services
from .forms import FeedbackForm, PredictionForm
from .models import Prediction


class HttpResponseSeeOther(HttpResponseRedirect):
    """303: after a form POST, the browser GETs the result page."""

    status_code = 303


def home(request):
    return render(request, "home.html")


@login_required
def predict(request):
    if request.method == "POST":
        form = PredictionForm(request.POST)
        if form.is_valid():
            prediction = services.prediction_create(user=request.user, features=form.cleaned_data)
            return HttpResponseSeeOther(prediction.get_absolute_url())
        return render(request, "predict.html", {"form": form}, status=400)
    return render(request, "predict.html", {"form": PredictionForm()})


@login_required
def prediction_detail(request, pk):
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
def prediction_list(request):
    page = selectors.prediction_page_for_user(user=request.user, page=request.GET.get("page"))
    return render(request, "prediction_list.html", {"page": page})


@login_required
def dashboard(request):
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


# Error pages. Under /api/ the same errors answer JSON instead (see middleware.py).
ERRORS = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Forbidden", "You do not have permission to do this."),
    404: ("Not found", "There is no page at this address."),
    405: ("Method not allowed", "This page does not accept that kind of request."),
    500: ("Server error", "Something went wrong on our side. Please try again later."),
    503: (
        "Service unavailable",
        "The service is temporarily unavailable. Please try again in a moment.",
    ),
}


def error_page(request, status):
    title, sentence = ERRORS[status]
    return render(
        request,
        "error.html",
        {"status": status, "title": title, "sentence": sentence},
        status=status,
    )


def bad_request(request, exception):
    return error_page(request, 400)


def permission_denied(request, exception):
    return error_page(request, 403)


def page_not_found(request, exception):
    return error_page(request, 404)


def csrf_failure(request, reason=""):
    return error_page(request, 403)


def server_error(request):
    # Rendered without the request's context processors: whatever failed (the database, the
    # session) may fail again there. A database outage is a 503, any other error a 500.
    status = 503 if outages.current_outage() else 500
    title, sentence = ERRORS[status]
    context = {"status": status, "title": title, "sentence": sentence, "predictor": get_predictor()}
    return HttpResponse(render_to_string("error.html", context), status=status)
