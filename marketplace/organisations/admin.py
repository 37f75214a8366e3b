from django import forms
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from marketplace.audit.admin_mixins import AuditedAdmin

from . import services
from .models import BuyerDomain, Organisation


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector", "parent", "nation"]

    def clean_parent(self):
        # The rule save_organisation applies, checked here too so a cycle is shown on the form.
        parent = self.cleaned_data["parent"]
        problems = services.check_organisation(Organisation(pk=self.instance.pk, parent=parent))
        if problems:
            raise forms.ValidationError(problems)
        return parent


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    form = OrganisationForm
    list_display = ["name", "sector", "parent", "nation", "domain_list"]
    list_filter = ["sector", "nation"]
    search_fields = ["name", "domains__domain", "parent__name"]
    list_select_related = ["parent"]
    readonly_fields = ["domain_list"]
    fields = ["name", "sector", "parent", "nation", "domain_list"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("domains")

    @admin.display(description="Buyer domains")
    def domain_list(self, organisation):
        if organisation.pk is None:
            return "Add buyer domains once the organisation is saved."
        domains = format_html_join(", ", "{}", ((d.domain,) for d in organisation.domains.all()))
        add_url = f"{reverse('admin:organisations_buyerdomain_add')}?{urlencode({'organisation': organisation.pk})}"
        return format_html('{} <a href="{}">Add a domain</a>', domains or "None", add_url)

    def save_model(self, request, obj, form, change):
        services.save_organisation(obj, by=request.user, changed_fields=form.changed_data)


class BuyerDomainForm(forms.ModelForm):
    class Meta:
        model = BuyerDomain
        fields = ["domain", "organisation"]
        help_texts = {"domain": "For example council.gov.uk. Any subdomain of it is approved too."}

    def clean_domain(self):
        domain = services.normalise_domain(self.cleaned_data["domain"])
        problems = services.check_new_domain(domain)
        if problems:
            raise forms.ValidationError(problems)
        return domain


@admin.register(BuyerDomain)
class BuyerDomainAdmin(admin.ModelAdmin):
    """Domains are added and removed, never edited: to move one, remove it and add it again."""

    form = BuyerDomainForm
    list_display = ["domain", "organisation", "added_at"]
    list_select_related = ["organisation"]
    list_filter = ["organisation__sector"]
    search_fields = ["domain", "organisation__name"]

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        entry = services.add_buyer_domain(form.cleaned_data["domain"], form.cleaned_data["organisation"],
                                          by=request.user)
        obj.pk, obj.added_at = entry.pk, entry.added_at

    def delete_model(self, request, obj):
        services.remove_buyer_domain(obj, by=request.user)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for entry in queryset.select_related("organisation"):
                services.remove_buyer_domain(entry, by=request.user)
