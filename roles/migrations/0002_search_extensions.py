"""
PostgreSQL extensions for search: unaccent (accent-insensitive full-text
search) and pg_trgm (typo-tolerant matching of names). On any other database
both operations do nothing, in either direction.
"""

from django.contrib.postgres import operations
from django.db import migrations


class PostgreSQLOnly:
    # Django's CreateExtension skips non-PostgreSQL databases going forwards
    # but not going backwards; guard both so SQLite can migrate either way.
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class UnaccentExtension(PostgreSQLOnly, operations.UnaccentExtension):
    pass


class TrigramExtension(PostgreSQLOnly, operations.TrigramExtension):
    pass


class Migration(migrations.Migration):
    dependencies = [
        ("roles", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
    ]
