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
