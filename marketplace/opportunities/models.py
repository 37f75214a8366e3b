from django.conf import settings
from django.db import models


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Open"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"
    CANCELLED = "cancelled", "Cancelled"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    AWARDED = "awarded", "Awarded"


class Opportunity(models.Model):
    """A buyer's requirement (a brief). Its status is derived from the timestamps below, never stored.

    Every requirement answer lives in `data`, keyed by the original marketplace's question keys (see questions.py);
    title, role and location are also kept in columns because the catalogue filters and sorts on them.
    """

    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="opportunities")
    lot = models.ForeignKey("frameworks.Lot", on_delete=models.PROTECT, related_name="opportunities")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT,
                                     related_name="opportunities")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    title = models.CharField(max_length=100, blank=True)
    specialist_role = models.CharField(max_length=40, blank=True, db_index=True)
    location = models.CharField(max_length=60, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)

    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    questions_close_at = models.DateTimeField(null=True, blank=True)
    answers_by = models.DateTimeField(null=True, blank=True)
    closing_at = models.DateTimeField(null=True, blank=True, db_index=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_reason = models.TextField(blank=True)
    unsuccessful_at = models.DateTimeField(null=True, blank=True)
    unsuccessful_reason = models.TextField(blank=True)
    awarded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "opportunities"
        indexes = [
            models.Index(fields=["organisation", "published_at"]),
            # Everything the insights count by (lot, framework, buyer, status, quarter), so on PostgreSQL their
            # aggregates read this narrow index alone rather than every wide row with its requirement.
            models.Index(fields=["published_at"], name="opportunity_counting",
                         include=["id", "lot", "framework", "organisation", "withdrawn_at", "closing_at",
                                  "cancelled_at", "unsuccessful_at", "awarded_at"]),
        ]

    def __str__(self):
        return self.title or f"Untitled {self.lot.name.lower()} requirement"


class SupplierQuestion(models.Model):
    """A clarification question sent privately by a supplier while questions are open."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="supplier_questions")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    question = models.TextField()
    asked_at = models.DateTimeField()

    class Meta:
        ordering = ["asked_at", "id"]


class Clarification(models.Model):
    """A published question and answer, anonymised by the buyer; shown numbered on the public page."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="clarifications")
    number = models.PositiveIntegerField()
    question = models.TextField()
    answer = models.TextField()
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+")

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["opportunity", "number"], name="one_clarification_number")]
