"""A migration operation for the search schema that only PostgreSQL has."""

from django.db.migrations.operations.base import Operation


class PostgreSQLOnly(Operation):
    """
    SQL that runs on PostgreSQL and nowhere else (its indexes and trigrams;
    SQLite's schema is made by search/backends.py from the same list).
    """

    reduces_to_sql = True
    reversible = True

    def __init__(self, forwards, backwards, description):
        self.forwards, self.backwards, self.description = forwards, backwards, description

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for statement in self.forwards:
                schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            for statement in self.backwards:
                schema_editor.execute(statement, params=None)

    def describe(self):
        return f"{self.description} (PostgreSQL only)"
