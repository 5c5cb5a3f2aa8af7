"""The tables: a stored prediction with its feedback, an uploaded file's batch of them, a
user's hashed API token, and the Idempotency-Keys of the API's predict requests.

Flask counterpart: flask_app/models.py
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from shared_model.api.idempotency import MAX_KEY_LENGTH
from shared_model.model.schema import CLASSES
from shared_model.pages.csv_io import UPLOAD_NAME_MAX_LENGTH, download_filename
from shared_model.pages.presentation import PredictionDisplay

CLASS_CHOICES = [(name, name) for name in CLASSES]


class Upload(models.Model):
    """A CSV file of flowers predicted at once; its predictions point to it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploads"
    )
    name = models.CharField(max_length=UPLOAD_NAME_MAX_LENGTH)
    row_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Upload #{self.pk}: {self.name}"

    def get_absolute_url(self):
        return reverse("upload_detail", args=[self.pk])

    @property
    def download_filename(self) -> str:
        return download_filename(self.name)


class Prediction(PredictionDisplay, models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="predictions"
    )
    sepal_length = models.FloatField()
    sepal_width = models.FloatField()
    petal_length = models.FloatField()
    petal_width = models.FloatField()
    label = models.CharField(max_length=20, choices=CLASS_CHOICES)
    probabilities = models.JSONField()
    warnings = models.JSONField(default=list)
    model_version = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # NULL, not "", means "no feedback yet", as in the Flask app's table.
    true_label = models.CharField(  # noqa: DJ001
        max_length=20, choices=CLASS_CHOICES, null=True, blank=True
    )
    feedback_at = models.DateTimeField(null=True, blank=True)
    # Set for a prediction made from an uploaded file: the upload, and the row's line in it.
    upload = models.ForeignKey(
        Upload, on_delete=models.CASCADE, null=True, blank=True, related_name="predictions"
    )
    upload_line = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="prediction_user_created_idx"),
            models.Index(fields=["label"], name="prediction_label_idx"),
            models.Index(fields=["model_version"], name="prediction_model_version_idx"),
        ]

    def __str__(self) -> str:
        return f"Prediction #{self.pk}: {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("prediction_detail", args=[self.pk])


class ApiToken(models.Model):
    """One token a user: only the SHA-256 hash of the token is stored."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"API token of {self.user}"


class IdempotencyKey(models.Model):
    """A key a user sent with `POST /api/v1/predict`, and the answer it got (idempotency.py).

    The answer is stored in the transaction that claims the key and stores the predictions,
    so a committed key always has one; the columns are NULL only inside that transaction."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=MAX_KEY_LENGTH)
    body_sha256 = models.CharField(max_length=64)
    response_status = models.PositiveSmallIntegerField(null=True)
    response_body = models.TextField(null=True)  # noqa: DJ001 (NULL: no answer yet)
    # Indexed for the deletion of expired keys.
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_user_key_uniq")
        ]

    def __str__(self) -> str:
        return f"Idempotency-Key {self.key!r} of user #{self.user_id}"
