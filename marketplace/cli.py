"""The `marketplace` command: Django's management commands under the service's own name."""

import os
import sys


def main(argv=None):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv = list(sys.argv if argv is None else argv)
    argv[0] = "marketplace"
    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:
        sys.stderr.write(f"marketplace: {error}\n")
        raise SystemExit(2)


if __name__ == "__main__":
    main()
