"""The filters every insight takes, read from the query string."""

from django import forms

from marketplace.frameworks.models import Framework
from marketplace.organisations.models import Sector

from . import selectors


class FiltersForm(forms.Form):
    lot = forms.ChoiceField(required=False, error_messages={"invalid_choice": "Select a lot from the list"})
    framework = forms.ChoiceField(required=False,
                                  error_messages={"invalid_choice": "Select a framework from the list"})
    sector = forms.ChoiceField(required=False, choices=[("", "Any sector"), *Sector.choices],
                               error_messages={"invalid_choice": "Select a sector from the list"})
    unroll = forms.BooleanField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lot"].choices = [("", "Any lot")] + [(lot.slug, lot.name)
                                                          for lot in selectors.lots_taking_requirements()]
        self.fields["framework"].choices = [("", "Any framework")] + list(
            Framework.objects.order_by("generation").values_list("slug", "name"))
        quarters = [(quarter.key, quarter.label) for quarter in selectors.quarters_with_opportunities()]
        # "from" and "to" are Python keywords, so these two fields are added by name.
        self.fields["from"] = forms.ChoiceField(
            required=False, choices=[("", "The first quarter")] + quarters,
            error_messages={"invalid_choice": "Select the first quarter of the period from the list"})
        self.fields["to"] = forms.ChoiceField(
            required=False, choices=[("", "This quarter")] + quarters,
            error_messages={"invalid_choice": "Select the last quarter of the period from the list"})

    def clean(self):
        cleaned = super().clean()
        first, last = selectors.Quarter.parse(cleaned.get("from")), selectors.Quarter.parse(cleaned.get("to"))
        if first and last and last < first:
            self.add_error("to", "The last quarter of the period must be the same as or after the first")
        return cleaned

    @property
    def filters(self):
        """The chosen filters (call after `is_valid()` is true)."""
        data = self.cleaned_data
        return selectors.Filters(lot=data["lot"], framework=data["framework"], sector=data["sector"],
                                 first_quarter=selectors.Quarter.parse(data["from"]),
                                 last_quarter=selectors.Quarter.parse(data["to"]))

    @property
    def filtered(self):
        return any(self.cleaned_data.get(name) for name in ("lot", "framework", "sector", "from", "to"))
