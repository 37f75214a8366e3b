"""Reading accounts: who belongs to an organisation and who has been invited to join it."""

from marketplace import clock

from .models import EmailLink, Role, User


def organisation_buyers(organisation):
    return User.objects.filter(organisation=organisation, role=Role.BUYER).order_by("name", "email")


def pending_invitations(organisation):
    """Invitations to `organisation` that can still be accepted, newest first."""
    return EmailLink.objects.filter(purpose=EmailLink.Purpose.INVITATION, organisation=organisation,
                                    used_at__isnull=True, expires_at__gt=clock.now()).order_by("-created_at")
