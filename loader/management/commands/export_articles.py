from django.core.management.base import BaseCommand, CommandError

from loader.exporting import export


class Command(BaseCommand):
    help = (
        "Write the database to OUT_DIR in the fixture format (fixtures/README.md): one "
        "file per article, _niveaus.yaml and _zonder-bron.yaml. Load, export and load "
        "again is lossless; files whose content is unchanged are left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument("out_dir", metavar="OUT_DIR", help="Directory to write to.")

    def handle(self, *args, **options):
        try:
            result = export(options["out_dir"])
        except OSError as e:
            raise CommandError(f"Cannot write to {options['out_dir']}: {e}") from e
        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(f"Warning: {warning}"))
        if result.stale:
            self.stderr.write(
                self.style.WARNING(
                    f"Not written by this export, remove before loading {options['out_dir']}: "
                    + ", ".join(result.stale)
                )
            )
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Wrote {len(result.written)} file(s) to {options['out_dir']}"
                    f" ({len(result.unchanged)} already up to date)."
                )
            )
