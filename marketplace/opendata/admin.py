"""Open data in the back office: upload the original marketplace's CSV, and map the buyers it could not place."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse

from marketplace.audit.admin_mixins import AuditedAdmin, LabelledEditableList

from .importer import import_dm_csv
from .models import UnmatchedBuyer


class ImportForm(forms.Form):
    file = forms.FileField(label="Opportunity-data CSV file",
                           help_text="The original Digital Marketplace's opportunity-data export, as CSV (UTF-8).",
                           error_messages={"required": "Choose the CSV file to import"})
    dry_run = forms.BooleanField(label="Check the file only: import nothing", required=False)


@admin.register(UnmatchedBuyer)
class UnmatchedBuyerAdmin(LabelledEditableList, AuditedAdmin):
    """Buyer domains an import could not place. Choose the organisation each one is, then import the file again:
    its rows come in under that organisation."""

    list_display = ["domain", "shared_name", "typed_names", "rows", "mapped_to", "last_seen_at"]
    list_editable = ["mapped_to"]
    list_filter = [("mapped_to", admin.EmptyFieldListFilter)]
    search_fields = ["domain", "shared_name"]
    autocomplete_fields = ["mapped_to"]
    fields = ["domain", "shared_name", "typed_names", "rows", "source_ids", "mapped_to", "first_seen_at",
              "last_seen_at"]
    readonly_fields = ["domain", "shared_name", "typed_names", "rows", "source_ids", "first_seen_at",
                       "last_seen_at"]
    change_list_template = "admin/opendata/unmatchedbuyer/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Organisation names typed")
    def typed_names(self, buyer):
        return "; ".join(buyer.organisation_names)

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view), name="opendata_import_dm_csv"),
                *super().get_urls()]

    def import_view(self, request):
        if not request.user.is_platform_admin:
            raise PermissionDenied
        form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
        report = None
        if form.is_bound and form.is_valid():
            upload = form.cleaned_data["file"]
            report = import_dm_csv(upload, dry_run=form.cleaned_data["dry_run"], by=request.user, name=upload.name)
        return TemplateResponse(request, "admin/opendata/unmatchedbuyer/import.html", {
            **self.admin_site.each_context(request),
            "title": "Import the original marketplace's opportunity data",
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "changelist_url": reverse("admin:opendata_unmatchedbuyer_changelist"),
        })
