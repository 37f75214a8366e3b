"""A buyer's own pages: the dashboard, and for an organisation admin the colleagues page."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render

from marketplace.accounts import selectors, services

from ..access import buyer_required, client_ip
from ..forms import add_service_errors


@buyer_required
def dashboard(request):
    return render(request, "web/buyer/dashboard.html", {"organisation": request.user.organisation})


class InviteForm(forms.Form):
    email = forms.CharField(label="Email address", required=False)


@buyer_required
def colleagues(request):
    if not services.can_invite(request.user):
        raise PermissionDenied
    organisation = request.user.organisation
    form = InviteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            link = services.invite_colleague(request.user, form.cleaned_data["email"], client_ip(request))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"We have sent an invitation to {link.email}. It lasts "
                                      f"{services.INVITATION_LIFETIME.days} days.")
            return redirect("web:buyer-colleagues")
    return render(request, "web/buyer/colleagues.html", {
        "form": form, "organisation": organisation,
        "buyers": selectors.organisation_buyers(organisation),
        "invitations": selectors.pending_invitations(organisation),
    })
