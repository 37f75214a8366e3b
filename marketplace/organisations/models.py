from django.db import models


class Sector(models.TextChoices):
    CENTRAL_GOVERNMENT = "central-government", "Central government"
    LOCAL_GOVERNMENT = "local-government", "Local government"
    NHS_AND_HEALTH = "nhs-and-health", "NHS and health"
    POLICE_AND_JUSTICE = "police-and-justice", "Police and justice"
    EDUCATION = "education", "Education"
    DEVOLVED_ADMINISTRATION = "devolved-administration", "Devolved administration"
    OTHER_PUBLIC_BODY = "other-public-body", "Other public body"


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"
    UK_WIDE = "uk-wide", "UK-wide"


class Organisation(models.Model):
    """A buyer organisation in the shared register: a verified entity, never free text."""

    name = models.CharField(max_length=200, unique=True)
    sector = models.CharField(max_length=30, choices=Sector.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
                               help_text="For an agency or arm's-length body, its department.")
    nation = models.CharField(max_length=20, choices=Nation.choices, default=Nation.ENGLAND)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class BuyerDomain(models.Model):
    """An approved buyer email domain. Any subdomain of it counts too (x.police.uk matches police.uk)."""

    domain = models.CharField(max_length=253, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="domains")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self):
        return self.domain


class OrganisationName(models.Model):
    """Another name an organisation is known by (a spelling buyers typed, an abbreviation, a former name), so
    free-text names resolve to the register."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(max_length=300)
    normalised = models.CharField(max_length=300, unique=True,
                                  help_text="The name as matched: see services.normalise_name.")

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
