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
