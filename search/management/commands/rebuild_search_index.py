from django.core.management.base import BaseCommand

from search import index
from search.models import SearchDocument, SearchWord


class Command(BaseCommand):
    help = (
        "Build the search index anew from the public entries. Every write keeps it current; "
        "this is for a database restored from elsewhere or written around the application."
    )

    def handle(self, *args, **options):
        index.rebuild(verbosity=options["verbosity"], stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"{SearchDocument.objects.count()} documents, {SearchWord.objects.count()} words."
            )
        )
