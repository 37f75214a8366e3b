from django.conf import settings
from django.db import models
from django.db.models import Q


class Application(models.Model):
    """A supplier's response to a requirement (a brief response). Its status is derived: a draft until
    `submitted_at`, then decided by the requirement's outcome (see selectors.application_status).

    There is no award model: the award is this application's `awarded_at`, contract value and start date, with the
    requirement's own `awarded_at`. The database lets only one application per requirement be awarded.
    """

    opportunity = models.ForeignKey("opportunities.Opportunity", on_delete=models.CASCADE,
                                    related_name="applications")
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="applications")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)

    availability = models.DateField("Earliest start date", null=True, blank=True,
                                    help_text="For research participants, the date the supplier can start recruiting.")
    day_rate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True,
                                   help_text="Digital specialists only.")
    essential_requirements_met = models.BooleanField(null=True, blank=True)
    essential_evidence = models.JSONField(default=list, blank=True,
                                          help_text='[{"evidence": ...}], one per essential requirement, in order.')
    nice_to_have = models.JSONField(default=list, blank=True,
                                    help_text='[{"yesNo": ..., "evidence": ...}], one per nice-to-have, in order.')
    respond_to_email = models.CharField("Email address for the buyer", max_length=500, blank=True,
                                        help_text="One or more addresses, separated by commas.")

    awarded_at = models.DateTimeField(null=True, blank=True)
    contract_value = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    contract_start_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "supplier"], name="one_application_per_supplier"),
            models.UniqueConstraint(fields=["opportunity"], condition=Q(awarded_at__isnull=False),
                                    name="one_award_per_opportunity"),
        ]
        indexes = [
            models.Index(fields=["supplier", "created_at"]),
            # The largest and smallest contracts (insights) without sorting every award.
            models.Index(fields=["contract_value"], name="award_contract_value",
                         condition=Q(awarded_at__isnull=False, contract_value__isnull=False)),
        ]

    def __str__(self):
        return f"{self.supplier} for {self.opportunity}"


class Score(models.Model):
    """The owning buyers' marks for a shortlisted application, out of 100 each; private to their organisation."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="score")
    technical = models.PositiveSmallIntegerField()
    cultural = models.PositiveSmallIntegerField()
    price = models.PositiveSmallIntegerField()
    scored_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    scored_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(name="scores_out_of_100",
                                   condition=Q(technical__lte=100, cultural__lte=100, price__lte=100)),
        ]

    def __str__(self):
        return f"{self.technical}/{self.cultural}/{self.price} for {self.application}"
