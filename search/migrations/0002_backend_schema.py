"""
What each database needs beyond the model's tables (search/backends.py):
on PostgreSQL the generated tsvector columns and their GIN indexes and the
trigram index of the vocabulary; on SQLite the FTS5 tables and the triggers
that keep them in step with the tables.

On SQLite, Django alters a table by building a new one and copying the rows;
a later migration that alters either table must drop and recreate what this
one makes (migrate back to 0001 and forward again, then rebuild the index).
"""

from django.db import migrations
from django.db.migrations.operations.base import Operation

from search.backends import BACKENDS


class BackendSchema(Operation):
    reduces_to_sql = True
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        backend = BACKENDS.get(schema_editor.connection.vendor)
        for statement in backend.schema() if backend else []:
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        backend = BACKENDS.get(schema_editor.connection.vendor)
        for statement in backend.schema_backwards() if backend else []:
            schema_editor.execute(statement, params=None)

    def describe(self):
        return "Full-text tables, columns and indexes of the search index for this database"


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [BackendSchema()]
