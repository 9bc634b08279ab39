"""
PostgreSQL's trigram index holds only the words that appear in a text
(`documents` > 0): the names' joined words (search/index.py) are many and
never offered as a correction, and reading them made a look-up slow.
"""

from django.db import migrations

from search.operations import PostgreSQLOnly

WORDS = "search_searchword"


class Migration(migrations.Migration):
    dependencies = [("search", "0002_backend_schema")]

    operations = [
        PostgreSQLOnly(
            forwards=[
                "DROP INDEX IF EXISTS search_word_trgm",
                f"CREATE INDEX search_word_trgm ON {WORDS} USING gin (word gin_trgm_ops)"
                " WHERE documents > 0",
            ],
            backwards=[
                "DROP INDEX IF EXISTS search_word_trgm",
                f"CREATE INDEX search_word_trgm ON {WORDS} USING gin (word gin_trgm_ops)",
            ],
            description="Trigram index of the written words",
        )
    ]
