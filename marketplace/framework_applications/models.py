from django.conf import settings
from django.db import models


class FrameworkApplication(models.Model):
    """A supplier's application to a framework: its declaration answers and the moments it went through.

    The lots it applies for are its lot services on the framework (suppliers.LotService), so the services it
    describes while applying are the ones it offers once it is on the framework. Its status is read from the
    moments (`status`), each set by one function in services.py.
    """

    class Result(models.TextChoices):
        PASS = "pass", "Passed"
        FAIL = "fail", "Failed"

    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.CASCADE, related_name="framework_applications")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="applications")
    declaration = models.JSONField(default=dict, blank=True, help_text="Answers keyed by question (declaration.py).")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    evaluated_at = models.DateTimeField(null=True, blank=True)
    # Blank after evaluation while a discretionary answer waits for an admin's decision.
    result = models.CharField(max_length=4, choices=Result.choices, blank=True)
    # [{"key", "reason"}]: what failed it, or what an admin decided on and why.
    failures = models.JSONField(default=list, blank=True)
    decisions = models.JSONField(default=list, blank=True, help_text="[{key, reason, passed, note, by, at}]")
    result_sent_at = models.DateTimeField(null=True, blank=True)
    signer_name = models.CharField(max_length=200, blank=True)
    signer_role = models.CharField(max_length=200, blank=True)
    signed_agreement_text = models.TextField(blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    countersigned_at = models.DateTimeField(null=True, blank=True)
    countersigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                         related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["supplier", "framework"], name="one_application_per_framework")]
        ordering = ["framework", "supplier__name"]

    def __str__(self):
        return f"{self.supplier} for {self.framework}"

    @property
    def awaiting_decision(self):
        return self.evaluated_at is not None and not self.result


class FrameworkQuestion(models.Model):
    """A supplier's clarification question about a framework, answered in public on the framework's page."""

    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="questions")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.CASCADE, related_name="+")
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    question = models.TextField()
    asked_at = models.DateTimeField()
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")

    class Meta:
        ordering = ["asked_at"]

    def __str__(self):
        return self.question[:80]
