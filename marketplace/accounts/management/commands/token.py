"""`marketplace token create EMAIL`: a new API bearer token, shown once (never for a platform admin)."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from marketplace.accounts.models import User
from marketplace.accounts.services import create_api_token, normalise_email


class Command(BaseCommand):
    help = ("API bearer tokens. `token create EMAIL` prints a new token for a buyer or supplier user; only its hash "
            "is kept. Platform admins get none: they sign in with a second factor, which a token would skip.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="create")
        create = actions.add_parser("create", help="Print a new bearer token for the user with this email.")
        create.add_argument("email")
        create.add_argument("--name", default="", help="What the token is for, shown to admins.")

    def handle(self, *args, **options):
        email = normalise_email(options["email"])
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"There is no account for {email}: check the address, or create one with "
                               f"`marketplace createuser`.")
        try:
            secret = create_api_token(user, name=options["name"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages))
        self.stdout.write(secret)
