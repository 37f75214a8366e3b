from django import forms
from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode

from marketplace.audit.admin_mixins import AuditedAdmin

from . import services
from .models import BuyerDomain, Organisation, OrganisationName


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

    def clean_name(self):
        # save_organisation refuses a name another organisation goes by; say so on the form.
        name = self.cleaned_data["name"]
        problems = services.check_organisation_name(Organisation(pk=self.instance.pk, name=name))
        if problems:
            raise forms.ValidationError(problems)
        return name


class OtherNameForm(forms.ModelForm):
    class Meta:
        model = OrganisationName
        fields = ["name"]

    def clean_name(self):
        name = self.cleaned_data["name"]
        if self.instance.pk is None:
            problems = services.check_other_name(self.instance.organisation, name)
            if problems:
                raise forms.ValidationError(problems)
        return name


class OtherNameFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.extra_forms:
            name = (getattr(form, "cleaned_data", None) or {}).get("name")
            if not name or form.cleaned_data.get("DELETE"):
                continue
            key = services.normalise_name(name)
            if key in seen:
                form.add_error("name", "This name is given twice.")
            seen.add(key)


class OtherNameInline(admin.TabularInline):
    """Other names are added and removed, never edited, each through the service that audits it."""

    model = OrganisationName
    form = OtherNameForm
    formset = OtherNameFormSet
    fields = ["name"]
    extra = 1
    verbose_name = "other name"
    verbose_name_plural = "Other names (spellings, abbreviations and former names it is known by)"

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    form = OrganisationForm
    list_display = ["name", "sector", "parent", "nation", "domain_list"]
    list_filter = ["sector", "nation"]
    search_fields = ["name", "domains__domain", "parent__name"]
    list_select_related = ["parent"]
    readonly_fields = ["domain_list"]
    fields = ["name", "sector", "parent", "nation", "domain_list"]
    inlines = [OtherNameInline]

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []  # other names are added once the organisation exists

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

    def save_formset(self, request, form, formset, change):
        if formset.model is not OrganisationName:
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for entry in formset.deleted_objects:
            services.remove_other_name(entry, by=request.user)
        for entry in formset.new_objects:
            services.add_other_name(form.instance, entry.name, by=request.user)
        return None


class BuyerDomainForm(forms.ModelForm):
    class Meta:
        model = BuyerDomain
        fields = ["domain", "organisation"]
        help_texts = {"domain": "For example council.gov.uk. Any subdomain of it is approved too."}

    def clean_domain(self):
        return services.normalise_domain(self.cleaned_data["domain"])

    def clean(self):
        # A subdomain may belong to another organisation than its parent domain: the check needs both fields.
        cleaned_data = super().clean()
        domain, organisation = cleaned_data.get("domain"), cleaned_data.get("organisation")
        if domain is not None and "domain" not in self.errors:
            problems = services.check_new_domain(domain, organisation)
            if problems:
                self.add_error("domain", problems)
        return cleaned_data


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
