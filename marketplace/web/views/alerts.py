"""A supplier user's alerts: saving a catalogue search as one, changing and stopping them, and the unsubscribe link
in every alert email, which works without signing in.

Pages take an alert id but look it up among the signed-in user's own alerts: another user's is a 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt

from marketplace.alerts import selectors, services
from marketplace.alerts.models import Frequency
from marketplace.frameworks.reference import OPPORTUNITY_LOCATIONS, SPECIALIST_ROLES

from ..access import client_ip, supplier_required
from ..forms import add_service_errors
from .catalogue import LOT_NAMES, catalogue_query

NEW_ALERT_NAME = "New opportunities"


class AnyChoice(forms.ChoiceField):
    """A chosen value, checked by the alerts service rather than the form, so that the page and the API refuse an
    unknown value with the same message."""

    def valid_value(self, value):
        return True


class AnyValues(AnyChoice, forms.MultipleChoiceField):
    """Ticked values, checked by the alerts service (see AnyChoice)."""


class AlertForm(forms.Form):
    name = forms.CharField(required=False)
    frequency = AnyChoice(choices=Frequency.choices, required=False)
    q = forms.CharField(required=False)
    lot = AnyValues(choices=list(LOT_NAMES.items()), required=False)
    specialistRole = AnyValues(choices=list(SPECIALIST_ROLES.items()), required=False)
    location = AnyValues(choices=[(place, place) for place in OPPORTUNITY_LOCATIONS], required=False)

    def __init__(self, *args, follows_services=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.follows_services = follows_services
        if follows_services:
            for name in ("q", "lot", "specialistRole", "location"):
                del self.fields[name]


def _initial(alert):
    return {"name": alert.name, "frequency": alert.frequency, "q": alert.q, "lot": alert.lots,
            "location": alert.locations, "specialistRole": alert.roles}


def _save(request, form, save):
    """Run `save` with what was sent; the service's problems go back onto the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@supplier_required
def alerts(request):
    listed = [{"alert": alert, "search": selectors.describe_search(alert),
               "frequency": Frequency(alert.frequency).label} for alert in selectors.alerts_of(request.user)]
    return render(request, "web/alerts/alerts.html", {"alerts": listed})


@supplier_required
def new_alert(request):
    """Prefilled from the catalogue search it was linked from (the query string)."""
    query = catalogue_query(request.GET)
    initial = {"name": (query.q[:services.NAME_MAX_LENGTH] or NEW_ALERT_NAME), "frequency": Frequency.DAILY,
               "q": query.q, "lot": list(query.lots), "location": list(query.locations),
               "specialistRole": list(query.roles)}
    form = AlertForm(request.POST or None, initial=initial)
    alert = _save(request, form, lambda data: services.create_alert(request.user, data, client_ip(request)))
    if alert is not None:
        messages.success(request, f"Your alert \u2018{alert.name}\u2019 has been saved.")
        return redirect("web:supplier-alerts")
    return render(request, "web/alerts/edit.html", {"form": form, "alert": None})


def _own(request, pk):
    alert = selectors.own_alert(request.user, pk)
    if alert is None:
        raise Http404("No such alert")
    return alert


@supplier_required
def edit_alert(request, pk):
    alert = _own(request, pk)
    form = AlertForm(request.POST or None, initial=_initial(alert), follows_services=alert.follows_services)
    saved = _save(request, form, lambda data: services.update_alert(alert, data, request.user, client_ip(request)))
    if saved is not None:
        messages.success(request, f"Your alert \u2018{saved.name}\u2019 has been saved.")
        return redirect("web:supplier-alerts")
    return render(request, "web/alerts/edit.html", {"form": form, "alert": alert})


@supplier_required
def stop_alert(request, pk):
    alert = _own(request, pk)
    if request.method == "POST":
        services.stop_alert(alert, request.user, client_ip(request))
        messages.success(request, f"Your alert \u2018{alert.name}\u2019 has been stopped.")
        return redirect("web:supplier-alerts")
    return render(request, "web/alerts/stop.html", {"alert": alert})


@csrf_exempt
def unsubscribe(request, pk, token):
    """The link in every alert email. GET asks to confirm (link checkers and mail scanners follow links); POST
    stops the alert, whether from the page's button or a mail client's one-click POST (RFC 8058), which carries no
    CSRF token: the secret in the address is what proves the right to stop this one alert, and only it."""
    alert = selectors.alert_for_unsubscribe(pk, token)
    if alert is None:
        raise Http404("No such alert")
    if request.method == "POST":
        services.stop_alert(alert, ip_address=client_ip(request), via="unsubscribe link")
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Unsubscribed.\n", content_type="text/plain; charset=utf-8")
        return render(request, "web/alerts/unsubscribed.html", {"alert": alert})
    if alert.stopped_at is not None:
        return render(request, "web/alerts/unsubscribed.html", {"alert": alert})
    return render(request, "web/alerts/unsubscribe.html", {"alert": alert})

