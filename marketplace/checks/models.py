from django.conf import settings
from django.db import models


class CheckTerm(models.Model):
    """A word or phrase a platform admin adds to one of the checks' lists (terms.py holds the rest), so new
    vendors and new jargon are caught without a release."""

    class Kind(models.TextChoices):
        PRODUCT = "product", "Product, vendor or purchase"
        JARGON = "jargon", "Jargon"
        CERTIFICATION = "certification", "Single company's certification"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    term = models.CharField(max_length=60, help_text="Matched as a whole word or phrase, ignoring case.")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["kind", "term"]
        constraints = [models.UniqueConstraint(fields=["kind", "term"], name="one_check_term_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.term}"


class CheckedRequirement(models.Model):
    """A published requirement's findings as it was published: what the insights count. A historic requirement
    imported from the original marketplace is known by its title alone, so only the checks that read a title ran
    on it (`titles_only`)."""

    opportunity = models.OneToOneField("opportunities.Opportunity", primary_key=True, on_delete=models.CASCADE,
                                       related_name="checked")
    titles_only = models.BooleanField(default=False)
    checked_at = models.DateTimeField()


class RecordedFinding(models.Model):
    """One check that found something on a checked requirement (however many findings it made)."""

    requirement = models.ForeignKey(CheckedRequirement, on_delete=models.CASCADE, related_name="findings")
    check_key = models.CharField(max_length=40)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["requirement", "check_key"], name="one_finding_per_check")]
