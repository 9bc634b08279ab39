import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from loader import loading
from loader.fixture_format import DEFAULT_MAX_FILE_SIZE, FixtureError


def file_size(value):
    """A size in bytes, or with K, M or G (1024-based): 500K, 10M."""
    match = re.fullmatch(r"\s*(\d+)\s*([kmg]?)b?\s*", value, re.IGNORECASE)
    if not match:
        raise ValueError(value)
    number, unit = match.groups()
    return int(number) * 1024 ** " kmg".index(unit.lower() or " ")


file_size.__name__ = "size"  # argparse names the type in its error message


class Command(BaseCommand):
    help = (
        "Load the knowledge of the articles from fixture files (fixtures/README.md). "
        "Checks every file first and writes nothing unless all of them are valid; "
        "then writes only what differs from the database, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="*",
            metavar="PATH",
            help="Fixture files, or directories of *.yaml/*.yml/*.json files "
            "(default: the fixtures/ directory of the project).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the files and report what would change, without writing.",
        )
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Delete facts that are in the database for a loaded article but no longer "
            "in its file (without this they are reported and kept).",
        )
        parser.add_argument(
            "--take-file-version",
            action="store_true",
            help="Write the files' version also where that replaces work done in the admin "
            "(an entry made there, an edit since the last load) or an entry another article's "
            "file defines; without this such a load is refused. Recorded in the history.",
        )
        parser.add_argument(
            "--max-file-size",
            type=file_size,
            default=DEFAULT_MAX_FILE_SIZE,
            metavar="SIZE",
            help="Refuse files larger than this, before reading them (default: 10M).",
        )

    def handle(self, *args, **options):
        paths = options["paths"] or [settings.BASE_DIR / "fixtures"]
        try:
            result = loading.load(
                paths,
                dry_run=options["dry_run"],
                prune=options["prune"],
                take_file_version=options["take_file_version"],
                max_file_size=options["max_file_size"],
            )
        except FixtureError as e:
            shown = "\n".join(str(p) for p in e.problems)
            more = (
                f"\n... and {e.total - len(e.problems)} more" if e.total > len(e.problems) else ""
            )
            raise CommandError(
                f"{e.total} problem(s) in the fixture files; nothing was written.\n{shown}{more}"
            ) from None
        except DatabaseError as e:
            raise CommandError(
                f"The database refused the change, so nothing was written: {e}"
            ) from e
        if options["verbosity"] == 0:
            return
        for style, line in loading.report(result, options["verbosity"]):
            self.stdout.write(getattr(self.style, style)(line) if style else line)
