"""`marketplace createuser`: an active, verified account for an operator to hand over."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from marketplace.accounts.models import Role
from marketplace.accounts.services import create_user
from marketplace.suppliers.models import OrganisationSize

# Service field names as the options someone typed, so the message says which option to fix.
OPTIONS = {"role": "--role", "email": "--email", "name": "--name", "password": "--password",
           "supplier_name": "--supplier-name", "supplier_size": "--supplier-size"}


def _sentence(messages):
    text = "; ".join(message.rstrip(".") for message in messages)
    return f"{text}."


def one_line(error):
    if not hasattr(error, "error_dict"):
        return _sentence(error.messages)
    return " ".join(f"{OPTIONS.get(field, field)}: {_sentence(messages)}"
                    for field, messages in error.message_dict.items())


class Command(BaseCommand):
    help = ("Create an active, verified user. Buyer emails must be on an approved buyer domain; a supplier user "
            "joins the named supplier, or creates it with --supplier-size. Prints the new user's id.")

    def add_arguments(self, parser):
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", required=True)
        parser.add_argument("--password", required=True, help="At least 10 characters, not a common password.")
        parser.add_argument("--supplier-name", help="Supplier users: the company to join or create.")
        parser.add_argument("--supplier-size", choices=OrganisationSize.values,
                            help="Supplier users: the size of a company not yet registered.")

    def handle(self, *args, **options):
        try:
            user = create_user(role=options["role"], email=options["email"], name=options["name"],
                               password=options["password"], supplier_name=options["supplier_name"],
                               supplier_size=options["supplier_size"])
        except ValidationError as error:
            raise CommandError(one_line(error))
        self.stdout.write(str(user.pk))
