"""
Search moved to one index table for every kind (the search app): the
per-table search vectors, their triggers and indexes (0003, 0004) go.
"""

import importlib

from django.db import migrations
from django.db.migrations.operations.base import Operation

search_index = importlib.import_module("roles.migrations.0004_search_index")


class RetirePostgreSQLSearchIndex(Operation):
    """0004 in reverse, on PostgreSQL only; changes no model state."""

    reduces_to_sql = True
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        search_index.PostgreSQLSearchIndex().database_backwards(
            app_label, schema_editor, from_state, to_state
        )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        search_index.PostgreSQLSearchIndex().database_forwards(
            app_label, schema_editor, from_state, to_state
        )

    def describe(self):
        return "Drop the per-table search vectors' triggers and indexes (PostgreSQL only)"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_vector"),
        ("roles", "0004_search_index"),
    ]

    operations = [RetirePostgreSQLSearchIndex()] + [
        migrations.RemoveField(model_name=model, name="search_vector")
        for model in (
            "company",
            "companyexample",
            "competency",
            "level",
            "responsibility",
            "role",
            "statement",
            "teamstructure",
        )
    ]
