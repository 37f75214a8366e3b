from django.db import models


class OrganisationSize(models.TextChoices):
    MICRO = "micro", "Micro (under 10 staff)"
    SMALL = "small", "Small (under 50 staff)"
    MEDIUM = "medium", "Medium (under 250 staff)"
    LARGE = "large", "Large (250 or more staff)"


class TradingStatus(models.TextChoices):
    LIMITED_COMPANY = "limited company", "Limited company (Ltd)"
    PLC = "public limited company", "Public limited company (PLC)"
    LLP = "limited liability partnership", "Limited liability partnership (LLP)"
    PARTNERSHIP = "partnership", "Partnership"
    SOLE_TRADER = "sole trader", "Sole trader"
    CHARITY = "charity", "Charity"
    OTHER = "other", "Other"


class RegistrationScheme(models.TextChoices):
    COMPANIES_HOUSE = "companies-house", "Companies House number"
    OTHER = "other", "Other registration number"


class Supplier(models.Model):
    """A supplier company: its details are entered once and reused everywhere."""

    # Legal identity: locked once confirmed; afterwards only a platform admin may change it.
    LOCKED_FIELDS = ("registered_name", "registration_scheme", "registration_number", "registration_country",
                     "trading_status", "organisation_size", "vat_number")
    # What the supplier's own users may change at any time.
    EDITABLE_FIELDS = ("name", "description", "address", "contact_name", "contact_email", "contact_phone")

    name = models.CharField("Trading name", max_length=200)
    registered_name = models.CharField("Registered company name", max_length=200)
    registration_scheme = models.CharField("Registration number type", max_length=20,
                                           choices=RegistrationScheme.choices,
                                           default=RegistrationScheme.COMPANIES_HOUSE)
    registration_number = models.CharField("Registration number", max_length=40)
    registration_country = models.CharField("Country of registration", max_length=80, default="United Kingdom")
    trading_status = models.CharField("Trading status", max_length=40, choices=TradingStatus.choices)
    organisation_size = models.CharField("Organisation size", max_length=10, choices=OrganisationSize.choices)
    vat_number = models.CharField("VAT number", max_length=20, blank=True,
                                  help_text="Blank when the company is not VAT registered.")
    description = models.TextField(blank=True)
    address = models.TextField("Registered address", blank=True)
    contact_name = models.CharField("Contact name", max_length=200)
    contact_email = models.EmailField("Contact email address")
    contact_phone = models.CharField("Contact phone number", max_length=30)
    identity_confirmed_at = models.DateTimeField(null=True, blank=True)
    is_historic = models.BooleanField(default=False, help_text="A winning supplier named in the original "
                                      "marketplace's data: a name and size only, never signed in or applying here.")
    created_at = models.DateTimeField(auto_now_add=True)
    frameworks = models.ManyToManyField("frameworks.Framework", through="FrameworkMembership", blank=True,
                                        related_name="suppliers")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_sme(self):
        return self.organisation_size != OrganisationSize.LARGE

    @property
    def identity_locked(self):
        return self.identity_confirmed_at is not None


class FrameworkMembership(models.Model):
    """The supplier is on this framework: it may apply for requirements in the lots it offers."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="memberships")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="memberships")
    joined_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["supplier", "framework"], name="one_membership_per_framework")]

    def __str__(self):
        return f"{self.supplier} on {self.framework}"


class LotService(models.Model):
    """What a supplier offers on one lot of one framework."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="services")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.PROTECT, related_name="+")
    lot = models.ForeignKey("frameworks.Lot", on_delete=models.PROTECT, related_name="+")
    locations = models.JSONField(default=list, blank=True, help_text="Location names, for outcomes and participants.")
    capabilities = models.JSONField(default=dict, blank=True, help_text="Outcomes: capability to its sub-types.")
    recruitment_methods = models.JSONField(default=list, blank=True, help_text="User research participants.")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["supplier", "framework", "lot"], name="one_service_per_lot")
        ]

    def __str__(self):
        return f"{self.supplier}: {self.lot}"


class SpecialistOffer(models.Model):
    """One specialist role a supplier offers, where, and its maximum day rate."""

    service = models.ForeignKey(LotService, on_delete=models.CASCADE, related_name="specialist_offers")
    role = models.ForeignKey("frameworks.SpecialistRole", on_delete=models.PROTECT, related_name="+")
    locations = models.JSONField(default=list)
    max_day_rate = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        ordering = ["role__label"]
        constraints = [models.UniqueConstraint(fields=["service", "role"], name="one_offer_per_role")]

    def __str__(self):
        return f"{self.role} up to £{self.max_day_rate}"


class ResearchStudio(models.Model):
    """A user research lab offered on the user-research-studios lot."""

    class PriceUnit(models.TextChoices):
        HOUR = "hour", "per hour"
        DAY = "day", "per day"

    service = models.ForeignKey(LotService, on_delete=models.CASCADE, related_name="studios")
    name = models.CharField(max_length=100)
    address = models.TextField()
    location = models.CharField(max_length=60)
    facilities = models.TextField()
    price = models.DecimalField(max_digits=8, decimal_places=2)
    price_unit = models.CharField(max_length=4, choices=PriceUnit.choices, default=PriceUnit.DAY)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
