"""`marketplace correct_outcome ID --admin EMAIL --reason TEXT`: support takes back an award or a 'no suitable
suppliers', so the requirement is closed again and its buyers can record the right outcome."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from marketplace.accounts.models import User
from marketplace.applications.services import correct_outcome
from marketplace.opportunities.models import Opportunity
from marketplace.opportunities.services import StateConflict


class Command(BaseCommand):
    help = ("Take back the award, or the 'no suitable suppliers' outcome, of a requirement (audited under the "
            "admin's name).")

    def add_arguments(self, parser):
        parser.add_argument("opportunity_id", type=int, help="The requirement's number, as in its page's address.")
        parser.add_argument("--admin", required=True, help="Email address of the platform admin doing this.")
        parser.add_argument("--reason", required=True, help="Why, for the audit trail (up to 100 words).")

    def handle(self, *args, opportunity_id, admin, reason, **options):
        opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
        if opportunity is None:
            raise CommandError(f"There is no requirement {opportunity_id}.")
        user = User.objects.filter(email__iexact=admin.strip()).first()
        if user is None:
            raise CommandError(f"There is no account for {admin}.")
        try:
            correct_outcome(opportunity, user, reason)
        except (PermissionDenied, StateConflict) as refused:
            raise CommandError(str(refused))
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        self.stdout.write(f"‘{opportunity.title}’ is closed again: its buyers can now record the outcome.")
