"""The pages: home, predict, upload a CSV file and its results, a prediction, the history,
the dashboard and the API docs.

Thin on purpose: a view reads the request, calls a service or a selector, and renders.
A Django view answers any method unless told otherwise, so each names the ones it takes
(`require_safe`: GET and HEAD; a form's page adds POST), outermost, so that a wrong method
is a 405 before sign-in is asked for, as Flask's router answers it.

Flask counterpart: flask_app/views.py
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from shared_model.api.docs import api_docs_html
from shared_model.model.predictor import get_predictor
from shared_model.model.schema import CLASSES, FEATURES
from shared_model.pages import charts
from shared_model.pages.csv_io import RESULT_COLUMNS, csv_text, sample_csv
from shared_model.pages.presentation import class_counts

from . import selectors, services
from .forms import FeedbackForm, PredictionForm, UploadForm


class HttpResponseSeeOther(HttpResponseRedirect):
    """303: after a form POST, the browser GETs the result page."""

    status_code = 303


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def predict(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PredictionForm(request.POST)
        if form.is_valid():
            prediction = services.prediction_create(user=request.user, features=form.cleaned_data)
            return HttpResponseSeeOther(prediction.get_absolute_url())
        return render(request, "predict.html", {"form": form}, status=400)
    return render(request, "predict.html", {"form": PredictionForm()})


def csv_download(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = services.upload_create(
                user=request.user,
                file_name=form.cleaned_data["file"].name,
                rows=form.cleaned_data["rows"],
            )
            return HttpResponseSeeOther(upload.get_absolute_url())
        status = 400
    else:
        form, status = UploadForm(), 200
    return render(request, "upload.html", {"form": form, "features": FEATURES}, status=status)


@require_safe
def upload_sample(request: HttpRequest) -> HttpResponse:
    return csv_download(sample_csv(), "iris-sample.csv")


@require_safe
@login_required
def upload_detail(request: HttpRequest, pk: int) -> HttpResponse:
    upload = selectors.upload_get_for_user(user=request.user, upload_id=pk)
    if upload is None:
        # Another user's upload is a 404, as if it did not exist.
        raise Http404
    results = list(selectors.upload_results(upload=upload))
    context = {
        "upload": upload,
        "results": results,
        "features": FEATURES,
        "model_version": results[0].model_version if results else "",
        "class_counts": class_counts(selectors.upload_class_counts(upload=upload)),
    }
    return render(request, "upload_detail.html", context)


@require_safe
@login_required
def upload_download(request: HttpRequest, pk: int) -> HttpResponse:
    upload = selectors.upload_get_for_user(user=request.user, upload_id=pk)
    if upload is None:
        raise Http404
    rows = (prediction.result_row for prediction in selectors.upload_results(upload=upload))
    return csv_download(csv_text(RESULT_COLUMNS, rows), upload.download_filename)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def prediction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    prediction = selectors.prediction_get_for_user(user=request.user, prediction_id=pk)
    if prediction is None:
        # Another user's prediction is a 404, as if it did not exist.
        raise Http404
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


# Under /api/ and read-only: any other method is a 405, as on the API's own routes, not the
# CSRF check's 403 (there is no form here to protect).
@csrf_exempt
@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    # Built from the OpenAPI document by shared_model, which escapes every text it uses.
    return render(request, "api_docs.html", {"docs": mark_safe(api_docs_html())})


# The history lists the latest uploads above the predictions.
UPLOADS_LISTED = 10


@require_safe
@login_required
def prediction_list(request: HttpRequest) -> HttpResponse:
    page = selectors.prediction_page_for_user(user=request.user, page=request.GET.get("page"))
    uploads = selectors.upload_list_for_user(user=request.user)[:UPLOADS_LISTED]
    return render(request, "prediction_list.html", {"page": page, "uploads": uploads})


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    stats = selectors.dashboard_stats()
    metrics = get_predictor().card["metrics"]
    # The chart functions escape every text they draw, so their SVG is safe to insert.
    context = {
        "stats": stats,
        "upload_count": selectors.upload_count(),
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
