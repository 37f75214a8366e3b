"""`marketplace clock show|advance DURATION|reset`: move the shared platform clock, outside production only."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from marketplace import clock
from marketplace.clock import services


def describe_offset(offset):
    seconds = int(offset.total_seconds())
    if seconds == 0:
        return "none (the platform clock is real time)"
    days, rest = divmod(abs(seconds), 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds_left = divmod(rest, 60)
    parts = [f"{n} {unit}{'' if n == 1 else 's'}" for n, unit in
             ((days, "day"), (hours, "hour"), (minutes, "minute"), (seconds_left, "second")) if n]
    return f"{' '.join(parts)} {'ahead of' if seconds > 0 else 'behind'} real time"


class Command(BaseCommand):
    help = ("Show or shift the platform clock for every process on this database. Only with "
            "MARKETPLACE_ALLOW_CLOCK_TRAVEL=1, never in production.")

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="show|advance|reset")
        actions.add_parser("show", help="Print the platform time in Europe/London and the offset.")
        advance = actions.add_parser("advance", help="Move the clock forward, e.g. `advance 15d` or `advance 36h`.")
        advance.add_argument("duration", help="A whole number and a unit: s, m, h, d or w.")
        actions.add_parser("reset", help="Back to real time.")

    def handle(self, *args, action, **options):
        if not settings.CLOCK_TRAVEL_ALLOWED:
            raise CommandError("Clock travel is off: set MARKETPLACE_ALLOW_CLOCK_TRAVEL=1 (never in production).")
        try:
            if action == "advance":
                services.advance_clock(services.parse_duration(options["duration"]))
            elif action == "reset":
                services.reset_clock()
        except (ValueError, services.ClockTravelRefused) as error:
            raise CommandError(str(error))
        now = clock.now().astimezone(clock.LONDON)
        self.stdout.write(f"Platform time: {now:%A %-d %B %Y, %H:%M:%S %Z} (Europe/London)")
        self.stdout.write(f"Offset: {describe_offset(clock.offset())}")
