from django.db import models


class Framework(models.Model):
    class Status(models.TextChoices):
        COMING = "coming", "Coming"
        OPEN = "open", "Open for applications"
        PENDING = "pending", "Pending"
        STANDSTILL = "standstill", "Standstill"
        LIVE = "live", "Live"
        EXPIRED = "expired", "Expired"

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=20)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.COMING)
    generation = models.PositiveSmallIntegerField(unique=True, help_text="1 for the first DOS, 2 for the next...")
    lots = models.ManyToManyField("Lot", related_name="frameworks")
    # The timetable, in the order it happens (services.DATES); `open` needs every one of them.
    clarifications_close_at = models.DateTimeField(null=True, blank=True,
                                                   help_text="Last moment for clarification questions.")
    applications_close_at = models.DateTimeField(null=True, blank=True,
                                                 help_text="Last moment suppliers can submit an application.")
    results_at = models.DateTimeField(null=True, blank=True, help_text="When suppliers are told their results.")
    live_at = models.DateTimeField(null=True, blank=True, help_text="When buyers can start using it.")
    expires_at = models.DateTimeField(null=True, blank=True, help_text="When it stops taking new requirements.")
    agreement_text = models.TextField(blank=True, help_text="The framework agreement suppliers sign; `live` "
                                                            "needs it.")

    class Meta:
        ordering = ["-generation"]

    def __str__(self):
        return self.name

    @property
    def is_live(self):
        return self.status == self.Status.LIVE


class Lot(models.Model):
    slug = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=100)
    one_service_limit = models.BooleanField(default=True)
    takes_requirements = models.BooleanField(default=True)
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["ordering"]

    def __str__(self):
        return self.name


class SpecialistRole(models.Model):
    slug = models.CharField(max_length=40, unique=True, help_text="The original marketplace's key, e.g. developer.")
    label = models.CharField(max_length=80)

    class Meta:
        ordering = ["label"]

    def __str__(self):
        return self.label


class Location(models.Model):
    name = models.CharField(max_length=60, unique=True)
    ordering = models.PositiveSmallIntegerField(default=0)
    for_outcomes_and_specialists = models.BooleanField(default=True)
    for_research_participants = models.BooleanField(default=True)

    class Meta:
        ordering = ["ordering"]

    def __str__(self):
        return self.name
