"""
Fill a database with a large synthetic knowledge base, scaled from the real
one, to measure Rolwijzer at the size an organisation reaches after loading
thousands of articles.

Scale. The issue sets the number of entries per article (at 10 000 articles:
1 000 roles, 300 competencies, 100 000 statements); the real five articles
are far denser in roles than a grown knowledge base, where most articles
mention roles that already exist. Everything else follows the fixtures:
people, team structures and companies in the fixtures' proportion to
articles or roles, and every kind of link (levels, alternative titles,
competencies, relations, responsibilities, positions, examples, the roles and
competencies a statement is about, tags, sources, who said it) with the
fixtures' average per entry. `profile_from_fixtures()` counts them in the
YAML files at run time; `DEFAULT_PROFILE` holds fallback ratios for a checkout
without article files. The number of distinct tags follows Heaps' law (the
square root of the number of taggings, from the fixtures' count), as a
vocabulary does. Popular targets (a competency many roles need, a tag
many statements carry) are chosen with a Zipf distribution, as in real
collections, so some detail and tag pages get very long.

Text. Titles, summaries and statements are random walks over the word pairs
of the fixtures' own Dutch text, so full-text search meets a realistic
vocabulary, stems and word frequencies.

Safety. Synthetic rows are marked by the slug prefix `syn-` (tags too). The
command refuses to touch a database that already holds real entries unless
--force is given, refuses to add a second synthetic set unless --reset is
given (which first deletes every synthetic row), writes inside one
transaction, and never writes to the fixture files.
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from articles.models import Article
from editorial.cache import knowledge_changed
from loader.synthetic import Generator, _real_entry_count, delete_synthetic
from loader.synthetic_text import PREFIX, _read_fixtures, profile_from_fixtures
from search import index as search_index


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic knowledge base of --articles N articles, scaled "
        "from the fixtures (slugs start with 'syn-'). Refuses a database with real entries "
        "unless --force; --reset first deletes earlier synthetic rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="Number of articles.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--fixtures",
            default=str(Path(settings.BASE_DIR) / "fixtures"),
            help="Fixture directory whose proportions and vocabulary are used (read only).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add synthetic rows even though the database holds real entries.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete earlier synthetic rows first."
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        n_articles = options["articles"]
        if n_articles < 1 and not options["reset"]:
            raise CommandError("--articles must be at least 1.")
        real = _real_entry_count()
        if real and not options["force"]:
            raise CommandError(
                f"This database holds {real} real (non-synthetic) entries. Synthetic data is "
                "meant for a separate database; pass --force to add it beside them anyway."
            )
        started = time.monotonic()
        # Bulk writes call no save(): every cached page is stale, and the
        # search index is rebuilt at the end.
        with transaction.atomic(), search_index.batch(rebuild_after=True):
            knowledge_changed()
            existing = Article.objects.filter(slug__startswith=PREFIX).count()
            if existing and not options["reset"]:
                raise CommandError(
                    f"The database already holds {existing} synthetic articles; pass --reset "
                    "to replace them."
                )
            if options["reset"]:
                deleted = delete_synthetic()
                self.stdout.write(f"Deleted {deleted} synthetic rows.")
            if n_articles < 1:
                return
            documents = _read_fixtures(options["fixtures"])
            profile, from_fixtures = profile_from_fixtures(documents)
            if not from_fixtures:
                self.stderr.write(
                    self.style.WARNING(
                        f"No article files in {options['fixtures']}: built-in proportions used."
                    )
                )
            if options["verbosity"] >= 2:
                for key, value in sorted(profile.items()):
                    self.stdout.write(f"  {key:32} {value:.3f}")
            generator = Generator(
                n_articles, profile, documents, options["seed"], options["batch_size"]
            )
            counts = generator.run()
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Created {summary} in {elapsed:.0f} s."))
