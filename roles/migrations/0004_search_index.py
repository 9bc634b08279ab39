"""
The search index on PostgreSQL; nothing at all on any other database.

- Every searched table gets its stored `search_vector` filled by a BEFORE
  INSERT OR UPDATE trigger, with a GIN index on it. A trigger rather than
  save() or a GeneratedField: unaccent() is not IMMUTABLE, so it cannot be
  part of a generated column, and a trigger also catches bulk_create,
  QuerySet.update() and the loader's bulk writes, which bypass save().
  The document is the one the querysets' `search_fields` describe (weights A
  to C, unaccented, the `dutch` configuration); tests/test_search_index.py
  checks that the two agree.
- A role's document includes its alternative titles from published
  articles, so triggers on alternative titles and on an article's status
  recompute the roles concerned.
- Names (the fields a reader may misspell) get a trigram GIN index on
  rolwijzer_unaccent(name): an IMMUTABLE wrapper of unaccent, because an
  index expression must be immutable. Search compares with the `%>`
  operator, which these indexes serve.
"""

from django.db import migrations
from django.db.migrations.operations.base import Operation

CONFIG = "pg_catalog.dutch"

ALTERNATIVE_TITLES = (
    "(SELECT string_agg(t.title, ' ') FROM roles_alternativetitle t"
    " JOIN articles_article a ON a.id = t.source_id"
    " WHERE t.role_id = NEW.id AND a.status = 'published')"
)

# table: [(weight, column or SQL expression), ...] in the querysets' order.
DOCUMENTS = {
    "articles_person": [("A", "NEW.name"), ("B", "NEW.affiliation"), ("C", "NEW.description")],
    "articles_article": [("A", "NEW.title"), ("B", "NEW.summary"), ("C", "NEW.publication")],
    "roles_level": [("A", "NEW.name"), ("B", "NEW.description")],
    "roles_role": [
        ("A", "NEW.name"),
        ("A", ALTERNATIVE_TITLES),
        ("B", "NEW.summary"),
        ("C", "NEW.description"),
    ],
    "roles_competency": [("A", "NEW.name"), ("B", "NEW.summary"), ("C", "NEW.description")],
    "roles_teamstructure": [
        ("A", "NEW.name"),
        ("B", "NEW.summary"),
        ("C", "NEW.description"),
        ("C", "NEW.company_size"),
        ("C", "NEW.integration_stage"),
    ],
    "roles_company": [
        ("A", "NEW.name"),
        ("B", "NEW.description"),
        ("C", "NEW.sector"),
        ("C", "NEW.country"),
    ],
    "roles_responsibility": [("A", "NEW.name"), ("B", "NEW.description")],
    "roles_companyexample": [("A", "NEW.title"), ("B", "NEW.description"), ("C", "NEW.figures")],
    "roles_statement": [("A", "NEW.text"), ("B", "NEW.quote")],
}

# The names a reader may misspell, for the trigram indexes. Not the text of
# statements: word similarity against whole paragraphs matches a large part
# of the table and costs a recheck of every row; full-text search covers them.
NAMES = [
    ("articles_person", "name"),
    ("articles_article", "title"),
    ("roles_level", "name"),
    ("roles_role", "name"),
    ("roles_alternativetitle", "title"),
    ("roles_competency", "name"),
    ("roles_teamstructure", "name"),
    ("roles_company", "name"),
    ("roles_responsibility", "name"),
    ("roles_companyexample", "title"),
]


def _unaccent_schema(cursor):
    cursor.execute(
        "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
        " WHERE e.extname = 'unaccent'"
    )
    return cursor.fetchone()[0]


def forwards_sql(schema):
    unaccent = f'"{schema}".unaccent'
    statements = [
        # Schema-qualified, so the function means the same with any
        # search_path (pg_dump restores with an empty one).
        f"""
        CREATE OR REPLACE FUNCTION rolwijzer_unaccent(text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
        AS $$ SELECT {unaccent}('{unaccent}'::regdictionary, $1) $$
        """
    ]
    for table, parts in DOCUMENTS.items():
        document = "\n || ".join(
            f"setweight(to_tsvector('{CONFIG}', {unaccent}(coalesce({expression}, ''))), "
            f"'{weight}')"
            for weight, expression in parts
        )
        statements += [
            f"""
            CREATE OR REPLACE FUNCTION {table}_search_vector() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                NEW.search_vector := {document};
                RETURN NEW;
            END
            $$
            """,
            f"""
            CREATE TRIGGER {table}_search_vector BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_search_vector()
            """,
            # Fill the vectors of the rows already there.
            f"UPDATE {table} SET search_vector = NULL",
            f"CREATE INDEX {table}_search_vector ON {table} USING gin (search_vector)",
        ]
    for table, column in NAMES:
        statements.append(
            f"CREATE INDEX {table}_{column}_trgm ON {table}"
            f" USING gin (rolwijzer_unaccent({column}) gin_trgm_ops)"
        )
    # A role's document holds its alternative titles from published articles.
    # Statement-level triggers, so a bulk write recomputes each role once.
    statements += [
        """
        CREATE OR REPLACE FUNCTION roles_alternativetitle_reindex_role() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP = 'INSERT' THEN
                UPDATE roles_role SET search_vector = NULL
                WHERE id IN (SELECT role_id FROM new_rows);
            ELSIF TG_OP = 'DELETE' THEN
                UPDATE roles_role SET search_vector = NULL
                WHERE id IN (SELECT role_id FROM old_rows);
            ELSE
                UPDATE roles_role SET search_vector = NULL
                WHERE id IN (SELECT role_id FROM old_rows UNION SELECT role_id FROM new_rows);
            END IF;
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER roles_alternativetitle_reindex_role_insert
        AFTER INSERT ON roles_alternativetitle REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION roles_alternativetitle_reindex_role()
        """,
        """
        CREATE TRIGGER roles_alternativetitle_reindex_role_update
        AFTER UPDATE ON roles_alternativetitle
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION roles_alternativetitle_reindex_role()
        """,
        """
        CREATE TRIGGER roles_alternativetitle_reindex_role_delete
        AFTER DELETE ON roles_alternativetitle REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION roles_alternativetitle_reindex_role()
        """,
        """
        CREATE OR REPLACE FUNCTION articles_article_reindex_roles() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE roles_role SET search_vector = NULL
            WHERE id IN (
                SELECT t.role_id FROM roles_alternativetitle t
                JOIN new_rows n ON n.id = t.source_id
                JOIN old_rows o ON o.id = n.id
                WHERE n.status IS DISTINCT FROM o.status
            );
            RETURN NULL;
        END
        $$
        """,
        """
        CREATE TRIGGER articles_article_reindex_roles
        AFTER UPDATE ON articles_article
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION articles_article_reindex_roles()
        """,
    ]
    return statements


def backwards_sql():
    statements = [
        "DROP TRIGGER IF EXISTS articles_article_reindex_roles ON articles_article",
        "DROP FUNCTION IF EXISTS articles_article_reindex_roles()",
    ]
    for event in ("insert", "update", "delete"):
        statements.append(
            f"DROP TRIGGER IF EXISTS roles_alternativetitle_reindex_role_{event}"
            " ON roles_alternativetitle"
        )
    statements.append("DROP FUNCTION IF EXISTS roles_alternativetitle_reindex_role()")
    for table, column in NAMES:
        statements.append(f"DROP INDEX IF EXISTS {table}_{column}_trgm")
    for table in DOCUMENTS:
        statements += [
            f"DROP INDEX IF EXISTS {table}_search_vector",
            f"DROP TRIGGER IF EXISTS {table}_search_vector ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_search_vector()",
            f"UPDATE {table} SET search_vector = NULL",
        ]
    statements.append("DROP FUNCTION IF EXISTS rolwijzer_unaccent(text)")
    return statements


class PostgreSQLSearchIndex(Operation):
    """Runs only on PostgreSQL, in both directions; changes no model state."""

    reduces_to_sql = True
    reversible = True

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            schema = _unaccent_schema(cursor)
        for statement in forwards_sql(schema):
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in backwards_sql():
            schema_editor.execute(statement, params=None)

    def describe(self):
        return "Search vectors, triggers and GIN indexes (PostgreSQL only)"


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_search_vector"),
        ("roles", "0003_search_vector"),
    ]

    operations = [PostgreSQLSearchIndex()]
