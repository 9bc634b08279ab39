"""
The PostgreSQL indexes of the organisations and the debates, kinds added
after 0002. The index of every declared kind is now made after each
migrate (search/signals.py after_migrate), so later kinds need no migration;
this one stays for the databases it has run on. IF NOT EXISTS either way.
"""

from django.db import migrations

from search.backends import DOCUMENTS
from search.operations import PostgreSQLOnly

NEW_KINDS = ("organisations", "debates")
COLUMNS = ("names_vector", "vector")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_trigrams_of_written_words")]

    operations = [
        PostgreSQLOnly(
            forwards=[
                f"CREATE INDEX IF NOT EXISTS search_{kind}_{column} ON {DOCUMENTS}"
                f" USING gin ({column}) WHERE kind = '{kind}'"
                for kind in NEW_KINDS
                for column in COLUMNS
            ],
            backwards=[
                f"DROP INDEX IF EXISTS search_{kind}_{column}"
                for kind in NEW_KINDS
                for column in COLUMNS
            ],
            description="Indexes of the organisations and the debates in the search index",
        )
    ]
