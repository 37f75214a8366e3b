from django.db import models


class HistoricRecord(models.Model):
    """Where a historic opportunity came from: its row in the original marketplace's opportunity-data CSV.

    `raw` keeps every cell exactly as the file had it, so exporting the opportunity again reproduces the row byte for
    byte; the other fields are that row read into types the rest of the service can query.
    """

    opportunity = models.OneToOneField("opportunities.Opportunity", on_delete=models.CASCADE,
                                       related_name="historic")
    source_id = models.PositiveIntegerField(unique=True, help_text="The ID in the original marketplace.")
    link = models.URLField(max_length=300, blank=True)
    organisation_name = models.CharField(max_length=300, blank=True, help_text="As the buyer typed it.")
    buyer_domain = models.CharField(max_length=253, blank=True)
    open_for = models.CharField(max_length=10)
    published_on = models.DateField()
    sme_applications = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    large_applications = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    total_organisations = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    raw = models.JSONField(default=dict)
    imported_at = models.DateTimeField()

    class Meta:
        ordering = ["source_id"]

    def __str__(self):
        return f"Historic opportunity {self.source_id}"


class UnmatchedBuyer(models.Model):
    """A buyer domain in an imported file that the register could not place, for an admin to map. Its rows are left
    out of the import until it is mapped; importing the file again then brings them in."""

    domain = models.CharField(max_length=253)
    shared_name = models.CharField(max_length=300, blank=True,
                                   help_text="Only for a shared domain such as nhs.net, which says nothing by itself: "
                                             "the organisation name (as matched) its rows were typed with.")
    organisation_names = models.JSONField(default=list, blank=True,
                                          help_text="The organisation names typed beside this domain.")
    rows = models.PositiveIntegerField(default=0, help_text="How many rows of the last import carry it.")
    source_ids = models.JSONField(default=list, blank=True, help_text="The IDs of those rows.")
    mapped_to = models.ForeignKey("organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    first_seen_at = models.DateTimeField()
    last_seen_at = models.DateTimeField()

    class Meta:
        ordering = ["-rows", "domain"]
        constraints = [models.UniqueConstraint(fields=["domain", "shared_name"], name="one_unmatched_buyer")]

    def __str__(self):
        return f"{self.domain} ({self.shared_name})" if self.shared_name else self.domain


class ReleaseIsImmutable(Exception):
    pass


class Release(models.Model):
    """One OCDS release: what the public was told at one change of an opportunity's state. Never updated, never
    deleted; a later change adds a release (see ocds.py)."""

    opportunity = models.ForeignKey("opportunities.Opportunity", on_delete=models.PROTECT, related_name="releases")
    ocid = models.CharField(max_length=100, db_index=True)
    release_id = models.CharField(max_length=160, unique=True)
    kind = models.CharField(max_length=20, help_text="The change it tells of: tender, enquiry, closed, withdrawn, "
                            "cancelled, unsuccessful, awarded or corrected.")
    date = models.DateTimeField()
    tags = models.JSONField()
    payload = models.JSONField(help_text="The release exactly as published.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["opportunity"], condition=models.Q(kind="closed"),
                                               name="one_closing_release")]

    def __str__(self):
        return self.release_id

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ReleaseIsImmutable("OCDS releases are never changed once published.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ReleaseIsImmutable("OCDS releases are never deleted.")
