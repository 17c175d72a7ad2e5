"""The `mangxanh` console command: Django management commands behind one name."""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mangxanh.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    try:
        execute_from_command_line(["mangxanh", *args])
    except KeyboardInterrupt:
        # Ctrl-C while a command is still starting up: stop quietly, with the shell's usual status.
        sys.exit(130)


if __name__ == "__main__":
    main()
