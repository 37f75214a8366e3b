"""A supplier user's own pages: the dashboard, company details, the services offered on each lot, colleagues.

No page takes a supplier id: each shows the signed-in user's own supplier, so another supplier's data cannot be
reached. The forms only carry what was typed; `marketplace.suppliers.services` decides what is acceptable.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from marketplace.accounts import services as accounts
from marketplace.framework_applications import services as applications
from marketplace.frameworks.models import SpecialistRole
from marketplace.frameworks.reference import OUTCOME_CAPABILITIES, RECRUITMENT_METHODS, REGIONS
from marketplace.suppliers import services as suppliers
from marketplace.suppliers.selectors import services_framework
from marketplace.suppliers.models import OrganisationSize, RegistrationScheme, ResearchStudio, Supplier, TradingStatus

from ..access import client_ip, supplier_required
from ..forms import add_service_errors


# A framework application's status (framework_applications.services.application_status) as the pages say it.
STATUS_TEXT = {
    "not-started": "Not started", "in-progress": "In progress", "submitted": "Submitted", "passed": "Passed",
    "failed": "Not successful", "agreement-signed": "Agreement signed", "on-framework": "On the framework",
}


def dashboard_frameworks(supplier):
    """The dashboard's links: frameworks open for applications, and the supplier's own applications."""
    mine = {application.framework_id: application for application in applications.applications_of_supplier(supplier)}
    open_now = [{"framework": framework, "status": STATUS_TEXT[applications.application_status(
        mine.get(framework.pk), framework)]} for framework in applications.open_frameworks()]
    shown = {item["framework"].pk for item in open_now}
    earlier = [{"framework": application.framework,
                "status": STATUS_TEXT[applications.application_status(application, application.framework)]}
               for application in mine.values() if application.framework_id not in shown]
    return open_now, earlier


# The dashboard ------------------------------------------------------------------------------------------

@supplier_required
def dashboard(request):
    supplier = request.user.supplier
    framework = services_framework(supplier)
    offered = [suppliers.LOT_NAMES[slug] for slug, service in suppliers.describe_services(supplier, framework).items()
               if service]
    open_frameworks, framework_applications = dashboard_frameworks(supplier)
    return render(request, "web/supplier/dashboard.html", {
        "supplier": supplier, "framework": framework, "offered": offered,
        "on_framework": suppliers.is_on_framework(supplier, framework),
        "open_frameworks": open_frameworks, "framework_applications": framework_applications,
    })


# Company details ----------------------------------------------------------------------------------------

def _company_rows(supplier, names):
    rows = []
    for name in names:
        display = getattr(supplier, f"get_{name}_display", None)
        value = display() if display else getattr(supplier, name)
        if name == "vat_number" and not value:
            value = "Not registered for VAT"
        rows.append({"name": name, "label": suppliers.company_field_label(name), "value": value,
                     "lines": str(value).splitlines() or [""]})
    return rows


@supplier_required
def company(request):
    supplier = request.user.supplier
    return render(request, "web/supplier/company.html", {
        "supplier": supplier,
        "identity_rows": _company_rows(supplier, Supplier.LOCKED_FIELDS),
        "editable_rows": _company_rows(supplier, Supplier.EDITABLE_FIELDS),
        "problems": suppliers.company_details_problems(supplier),
    })


class CompanyForm(forms.Form):
    """Every company detail; once the identity is confirmed its fields are left out of the form."""

    name = forms.CharField(required=False)
    registered_name = forms.CharField(required=False)
    registration_scheme = forms.ChoiceField(choices=RegistrationScheme.choices, required=False)
    registration_number = forms.CharField(required=False)
    registration_country = forms.CharField(required=False)
    trading_status = forms.ChoiceField(choices=TradingStatus.choices, required=False)
    organisation_size = forms.ChoiceField(choices=OrganisationSize.choices, required=False)
    vat_number = forms.CharField(required=False)
    address = forms.CharField(required=False)
    description = forms.CharField(required=False)
    contact_name = forms.CharField(required=False)
    contact_email = forms.CharField(required=False)
    contact_phone = forms.CharField(required=False)

    def __init__(self, *args, locked, **kwargs):
        super().__init__(*args, **kwargs)
        if locked:
            for name in Supplier.LOCKED_FIELDS:
                del self.fields[name]


@supplier_required
def company_edit(request):
    supplier = request.user.supplier
    locked = supplier.identity_locked
    form = CompanyForm(request.POST or None, locked=locked,
                       initial={name: getattr(supplier, name) for name in suppliers.COMPANY_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            suppliers.update_company_details(supplier, form.cleaned_data, request.user, client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your company details have been saved.")
            return redirect("web:supplier-company")
    return render(request, "web/supplier/company_edit.html", {
        "form": form, "supplier": supplier, "locked": locked,
        "identity_rows": _company_rows(supplier, Supplier.LOCKED_FIELDS) if locked else [],
    })


@supplier_required
def company_confirm(request):
    supplier = request.user.supplier
    form = forms.Form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and not supplier.identity_locked:
        try:
            suppliers.confirm_company_details(supplier, request.user, client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Your company details are confirmed.")
            return redirect("web:supplier-company")
    return render(request, "web/supplier/company_confirm.html", {
        "form": form, "supplier": supplier,
        "identity_rows": _company_rows(supplier, Supplier.LOCKED_FIELDS),
        "problems": suppliers.company_details_problems(supplier),
    })


# Services -----------------------------------------------------------------------------------------------

@supplier_required
def services(request):
    supplier = request.user.supplier
    framework = services_framework(supplier)
    lots = [{"slug": slug, "name": suppliers.LOT_NAMES[slug], "offered": service is not None,
             "lines": suppliers.summarise_lot_service(slug, service)}
            for slug, service in suppliers.describe_services(supplier, framework).items()]
    return render(request, "web/supplier/services.html", {
        "lots": lots, "framework": framework, "on_framework": suppliers.is_on_framework(supplier, framework),
    })


class LotServiceForm(forms.Form):
    """A lot's form: `payload()` turns what was ticked and typed into the API's shape, and the service's problems
    (keyed by the API's paths) go back onto the form's own fields."""

    def field_for(self, key):
        return key if key in self.fields else NON_FIELD_ERRORS

    def add_service_errors(self, error):
        mapped = {}
        for key, texts in error.message_dict.items():
            mapped.setdefault(self.field_for(key), []).extend(texts)
        add_service_errors(self, ValidationError(mapped))


def _choices(values):
    return [(value, value) for value in values]


class SpecialistsForm(LotServiceForm):
    roles = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.roles = list(SpecialistRole.objects.order_by("label"))
        self.fields["roles"].choices = [(role.slug, role.label) for role in self.roles]
        locations = _choices(suppliers.lot_locations(suppliers.SPECIALISTS))
        for role in self.roles:
            self.fields[f"{role.slug}-rate"] = forms.CharField(required=False)
            self.fields[f"{role.slug}-locations"] = forms.MultipleChoiceField(choices=locations, required=False)

    @staticmethod
    def initial_from(service):
        roles = service["roles"] if service else {}
        initial = {"roles": list(roles)}
        for slug, offer in roles.items():
            initial[f"{slug}-rate"] = offer["maxDayRate"]
            initial[f"{slug}-locations"] = offer["locations"]
        return initial

    def payload(self):
        # Only the roles ticked count: what is typed under an unticked role is hidden when scripts run.
        data = self.cleaned_data
        return {"roles": {slug: {"locations": data[f"{slug}-locations"], "maxDayRate": data[f"{slug}-rate"]}
                          for slug in data["roles"]}}

    def field_for(self, key):
        parts = key.split(".")
        if len(parts) == 3 and parts[0] == "roles" and f"{parts[1]}-rate" in self.fields:
            return f"{parts[1]}-rate" if parts[2] == "maxDayRate" else f"{parts[1]}-locations"
        return "roles"


def capability_field(capability):
    return f"capability-{slugify(capability)}"


class OutcomesForm(LotServiceForm):
    """A capability is offered when at least one of its kinds is ticked."""

    locations = forms.MultipleChoiceField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].choices = _choices(suppliers.lot_locations(suppliers.OUTCOMES))
        self.capabilities = []
        for capability, kinds in OUTCOME_CAPABILITIES.items():
            self.fields[capability_field(capability)] = forms.MultipleChoiceField(choices=_choices(kinds),
                                                                                  required=False)
            self.capabilities.append({"name": capability, "field": capability_field(capability)})

    @staticmethod
    def initial_from(service):
        if not service:
            return {}
        initial = {"locations": service["locations"]}
        for capability, kinds in service["capabilities"].items():
            initial[capability_field(capability)] = kinds
        return initial

    def payload(self):
        data = self.cleaned_data
        return {"locations": data["locations"],
                "capabilities": {capability: data[capability_field(capability)]
                                 for capability in OUTCOME_CAPABILITIES if data[capability_field(capability)]}}

    def field_for(self, key):
        if key == "capabilities":
            return self.capabilities[0]["field"]
        if key.startswith("capabilities."):
            field = capability_field(key.removeprefix("capabilities."))
            return field if field in self.fields else self.capabilities[0]["field"]
        return super().field_for(key)


class ParticipantsForm(LotServiceForm):
    locations = forms.MultipleChoiceField(required=False)
    recruitmentMethods = forms.MultipleChoiceField(choices=_choices(RECRUITMENT_METHODS), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locations"].choices = _choices(suppliers.lot_locations(suppliers.PARTICIPANTS))

    @staticmethod
    def initial_from(service):
        return dict(service) if service else {}

    def payload(self):
        return dict(self.cleaned_data)


LOT_FORMS = {
    suppliers.SPECIALISTS: (SpecialistsForm, "web/supplier/service_specialists.html"),
    suppliers.OUTCOMES: (OutcomesForm, "web/supplier/service_outcomes.html"),
    suppliers.PARTICIPANTS: (ParticipantsForm, "web/supplier/service_participants.html"),
}


class ServicePlace:
    """Where a supplier describes its services: on the live framework (its services pages), or on a framework it is
    applying to (the application's lot pages). The same forms and templates serve both; the place says which
    framework, which addresses, and which service functions save the changes."""

    caption = "Your services"
    back_text = "Back to your services"

    def __init__(self, request):
        self.request = request
        self.supplier = request.user.supplier
        self.framework = services_framework(self.supplier)

    def list_url(self):
        return reverse("web:supplier-services")

    def lot_url(self, lot):
        return reverse("web:supplier-service-edit", kwargs={"lot": lot})

    def studio_url(self, studio_id=None):
        if studio_id is None:
            return reverse("web:supplier-studio-add")
        return reverse("web:supplier-studio-edit", kwargs={"studio_id": studio_id})

    def studio_remove_url(self, studio_id):
        return reverse("web:supplier-studio-remove", kwargs={"studio_id": studio_id})

    def _by(self):
        return {"by": self.request.user, "ip_address": client_ip(self.request)}

    def save(self, lot, payload):
        return suppliers.update_lot_service(self.supplier, lot, payload, **self._by())

    def remove(self, lot):
        return suppliers.remove_lot_service(self.supplier, lot, **self._by())

    def save_studio(self, data, studio):
        return suppliers.save_studio(self.supplier, data, studio=studio, **self._by())

    def remove_studio(self, studio):
        return suppliers.remove_studio(self.supplier, studio, **self._by())

    def find_studio(self, studio_id):
        studio = suppliers.find_studio(self.supplier, studio_id, framework=self.framework)
        if studio is None:
            raise Http404
        return studio


def lot_service_page(place, lot):
    """The form for the supplier's service on `lot` at `place` (or, for studios, the list of its studios)."""
    request = place.request
    if lot not in suppliers.LOT_SHAPES:
        raise Http404
    if lot == suppliers.STUDIOS:
        return _studios(place)
    if "remove" in request.GET or request.POST.get("action") == "remove":
        return _remove_service(place, lot)
    form_class, template = LOT_FORMS[lot]
    service = suppliers.describe_lot_service(place.supplier, lot, place.framework)
    form = form_class(request.POST or None, initial=form_class.initial_from(service))
    if request.method == "POST" and form.is_valid():
        try:
            place.save(lot, form.payload())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Your {suppliers.LOT_NAMES[lot].lower()} service has been saved.")
            return redirect(place.list_url())
    return render(request, template, {"form": form, "lot": lot, "lot_name": suppliers.LOT_NAMES[lot],
                                      "offered": service is not None, "place": place})


@supplier_required
def service_edit(request, lot):
    return lot_service_page(ServicePlace(request), lot)


def _remove_service(place, lot):
    request = place.request
    service = suppliers.describe_lot_service(place.supplier, lot, place.framework)
    if service is None:
        return redirect(place.list_url())
    error = None
    if request.method == "POST":
        try:
            place.remove(lot)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"You no longer offer {suppliers.LOT_NAMES[lot].lower()}.")
            return redirect(place.list_url())
    return render(request, "web/supplier/service_remove.html", {
        "lot": lot, "lot_name": suppliers.LOT_NAMES[lot], "lines": suppliers.summarise_lot_service(lot, service),
        "place": place, "error": error,
    })


def _studios(place):
    service = suppliers.describe_lot_service(place.supplier, suppliers.STUDIOS, place.framework)
    return render(place.request, "web/supplier/studios.html", {
        "studios": service["studios"] if service else [], "units": dict(ResearchStudio.PriceUnit.choices),
        "lot_name": suppliers.LOT_NAMES[suppliers.STUDIOS], "place": place,
    })


class StudioForm(forms.Form):
    name = forms.CharField(required=False)
    address = forms.CharField(required=False)
    location = forms.ChoiceField(choices=[("", "Choose a region")] + _choices(REGIONS), required=False)
    facilities = forms.CharField(required=False)
    price = forms.CharField(required=False)
    priceUnit = forms.ChoiceField(choices=ResearchStudio.PriceUnit.choices, required=False)


def studio_page(place, studio_id=None):
    request = place.request
    studio = place.find_studio(studio_id) if studio_id is not None else None
    initial = {"priceUnit": ResearchStudio.PriceUnit.DAY}
    if studio:
        initial = {"name": studio.name, "address": studio.address, "location": studio.location,
                   "facilities": studio.facilities, "price": f"{studio.price:.2f}", "priceUnit": studio.price_unit}
    form = StudioForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = place.save_studio(form.cleaned_data, studio)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{saved.name} has been saved.")
            return redirect(place.lot_url(suppliers.STUDIOS))
    return render(request, "web/supplier/studio_edit.html", {"form": form, "studio": studio, "place": place})


def studio_remove_page(place, studio_id):
    request = place.request
    studio = place.find_studio(studio_id)
    error = None
    if request.method == "POST":
        try:
            place.remove_studio(studio)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, f"{studio.name} has been removed.")
            return redirect(place.lot_url(suppliers.STUDIOS))
    return render(request, "web/supplier/studio_remove.html", {"studio": studio, "place": place, "error": error})


@supplier_required
def studio_edit(request, studio_id=None):
    return studio_page(ServicePlace(request), studio_id)


@supplier_required
def studio_remove(request, studio_id):
    return studio_remove_page(ServicePlace(request), studio_id)


# Colleagues ---------------------------------------------------------------------------------------------

class InviteForm(forms.Form):
    email = forms.CharField(label="Email address", required=False)


@supplier_required
def colleagues(request):
    supplier = request.user.supplier
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            link = accounts.invite_colleague(request.user, form.cleaned_data["email"], client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"We have sent an invitation to {link.email}. It lasts "
                                      f"{accounts.INVITATION_LIFETIME.days} days.")
            return redirect("web:supplier-colleagues")
    return render(request, "web/supplier/colleagues.html", {
        "form": form, "supplier": supplier, "users": suppliers.supplier_users(supplier),
        "invitations": suppliers.pending_invitations(supplier),
    })
