"""
How each database finds the documents and words of the index: a backend per
database, as in Wagtail's database search. Both are handed terms that
search/text.py made (the same stems on both), so what matches is the same;
only the machinery differs.

- PostgreSQL: tsvector columns generated from the term columns with the
  `simple` configuration (the terms are stemmed already), with a GIN index
  per kind; the vocabulary has a pg_trgm GIN index for words that look
  alike.
- SQLite: an FTS5 table over the term columns and the kind (external
  content, kept in step by triggers), and an FTS5 table with the trigram
  tokenizer over the vocabulary.

A query is a tree of ("and", [...]), ("or", [...]), ("term", t) and
("prefix", t) nodes; each backend writes it in its own syntax. Terms are
letters and digits only (search/text.py), so they need no escaping.
"""

from django.db import connections

from editorial import search

DOCUMENTS = "search_searchdocument"
WORDS = "search_searchword"
NAME_COLUMNS = ("title_terms", "alias_terms")
TERM_COLUMNS = ("title_terms", "alias_terms", "summary_terms", "body_terms")
MAX_LENGTH_DIFFERENCE = 3
WEIGHTS = dict(zip(TERM_COLUMNS, "ABCD", strict=True))


# The GIN index collects every match before the first is read: at 100 000
# articles "community" is in a quarter of a million statements. For such a
# word a kind is read in order instead (its index search_<kind>_order), each
# document tested, until enough are found. The planner prices that test far
# too low and would read a kind in order for rarer words too, so the index
# holds this condition, which is always true but written only by a query that
# search/query.py expects in many documents: no other query can use it.
IN_ORDER = "id > 0"


class PostgreSQLBackend:
    vendor = "postgresql"
    # Before the search statement, for it alone (the statements of one
    # execute share a transaction). For a word in most documents the
    # planner expects a sequential scan to find a kind's first matches at
    # once; but the documents of a kind lie together, after those of the
    # kinds indexed before it, so the scan reads those first (at 100 000
    # articles "teams" took 0.96 s this way, 68 ms from the kind's index).
    statement_prefix = "SET LOCAL enable_seqscan = off; "

    def schema(self):
        names = " || ".join(
            f"setweight(to_tsvector('simple'::regconfig, {column}), '{weight}')"
            for column, weight in zip(NAME_COLUMNS, "AB", strict=True)
        )
        every = " || ".join(
            f"setweight(to_tsvector('simple'::regconfig, {column}), '{weight}')"
            for column, weight in WEIGHTS.items()
        )
        statements = [
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            f"ALTER TABLE {DOCUMENTS}"
            f" ADD COLUMN names_vector tsvector GENERATED ALWAYS AS ({names}) STORED,"
            f" ADD COLUMN vector tsvector GENERATED ALWAYS AS ({every}) STORED",
            f"CREATE INDEX search_word_trgm ON {WORDS} USING gin (word gin_trgm_ops)",
        ]
        return statements

    def kind_indexes(self, keys):
        """
        An index per declared kind: a search of one kind then reads only its
        matches, never those of the 100 000 statements as well; and a btree
        per kind, to read a kind in order (see IN_ORDER). Made after
        every migrate (search/signals.py), so a kind declared later needs no
        migration of its own.
        """
        return [
            f"CREATE INDEX IF NOT EXISTS search_{key}_{column} ON {DOCUMENTS}"
            f" USING gin ({column}) WHERE kind = '{key}'"
            for key in keys
            for column in ("names_vector", "vector")
        ] + [
            f"CREATE INDEX IF NOT EXISTS search_{key}_order ON {DOCUMENTS} (id)"
            f" WHERE kind = '{key}' AND {IN_ORDER}"
            for key in keys
        ]

    def schema_backwards(self):
        return [
            "DROP INDEX IF EXISTS search_word_trgm",
            f"ALTER TABLE {DOCUMENTS} DROP COLUMN IF EXISTS names_vector,"
            " DROP COLUMN IF EXISTS vector",
        ]

    def render(self, node, weights=""):
        op, value = node
        if op == "term":
            return f"'{value}'" + (f":{weights}" if weights else "")
        if op == "prefix":
            return f"'{value}':*{weights}"
        joiner = " & " if op == "and" else " | "
        return "(" + joiner.join(self.render(child, weights) for child in value) + ")"

    def in_columns(self, tree, columns):
        """
        Whether every word of `tree` is in `columns`, as SQL and parameters:
        the tsvector's weights say which column a term came from, so the
        test reads the vector the match has read already.
        """
        weights = "".join(WEIGHTS[column] for column in columns)
        return "vector @@ %s::tsquery", [self.render(tree, weights)]

    def matching(self, kind, tree, names, limit, in_order=None):
        """
        FROM and WHERE for the documents of `kind` that match `tree` (in a
        name only, with `names`), for a query that reads at most `limit`.
        `in_order`: the words are expected in many more than `limit` of
        them; read the kind in order, at most this share of its documents.
        """
        column = "names_vector" if names else "vector"
        # The kind as a literal, so that the planner takes its index.
        if kind not in search.KINDS:
            raise ValueError(f"{kind!r} is not a declared kind of search (editorial/search.py).")
        # Read in order, each document is tested with the function behind
        # `@@`, which no index serves: given the operator, the planner
        # combined the GIN index with a range of the primary key and sorted
        # the lot (63 ms at 100 000 articles, against 5 ms in order).
        match = f"ts_match_vq({column}, %s::tsquery)" if in_order else f"{column} @@ %s::tsquery"
        found = f"FROM {DOCUMENTS} WHERE kind = '{kind}' AND {match}"
        params = [self.render(tree)]
        if in_order:
            # The share as a span of the kind's ids: two probes of its order
            # index (counting off the documents would read them all).
            last = (
                f"(SELECT min(id) + %s * (max(id) - min(id)) FROM {DOCUMENTS}"
                f" WHERE kind = '{kind}' AND {IN_ORDER})::bigint"
            )
            found += f" AND {IN_ORDER} AND id <= {last} ORDER BY id"
            params.append(in_order)
        return found, params

    def kind_sizes(self):
        """How many documents each kind has, as the planner's statistics count them."""
        names = {f"search_{key}_order": key for key in search.KINDS}
        with connections["default"].cursor() as cursor:
            cursor.execute(
                "SELECT relname, reltuples FROM pg_class"
                " WHERE relname = ANY(%s) AND pg_table_is_visible(oid)",
                [list(names)],
            )
            return {names[name]: max(rows, 0) for name, rows in cursor.fetchall()}

    def by_key(self, column, subquery):
        # An array, so that the planner looks the few rows up by key instead
        # of joining the whole table.
        return f"{column} = ANY(ARRAY({subquery}))"

    def similar_words(self, word, limit):
        # `%` is pg_trgm's similarity operator, which the trigram index
        # serves, with search/query.py's threshold (search/signals.py).
        return (
            f"SELECT word, term, documents, in_names FROM {WORDS} WHERE word %% %s"
            " AND documents > 0 AND length(word) BETWEEN %s AND %s"
            " ORDER BY similarity(word, %s) DESC, word LIMIT %s",
            [word, *length_range(word), word, limit],
        )


class SQLiteBackend:
    vendor = "sqlite"
    statement_prefix = ""

    def schema(self):
        columns = ", ".join(("kind",) + TERM_COLUMNS)
        new = ", ".join(f"new.{c}" for c in ("kind",) + TERM_COLUMNS)
        old = ", ".join(f"old.{c}" for c in ("kind",) + TERM_COLUMNS)
        fts = "search_document_fts"
        words = "search_word_trigrams"
        return [
            f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, content='{DOCUMENTS}',"
            " content_rowid='id', tokenize='unicode61', prefix='2 3')",
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {DOCUMENTS} BEGIN"
            f" INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new}); END",
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {DOCUMENTS} BEGIN"
            f" INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {old}); END",
            f"CREATE TRIGGER {fts}_update AFTER UPDATE ON {DOCUMENTS} BEGIN"
            f" INSERT INTO {fts}({fts}, rowid, {columns}) VALUES ('delete', old.id, {old});"
            f" INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new}); END",
            f"CREATE VIRTUAL TABLE {words} USING fts5(word, content='{WORDS}',"
            " content_rowid='id', tokenize='trigram')",
            f"CREATE TRIGGER {words}_insert AFTER INSERT ON {WORDS} BEGIN"
            f" INSERT INTO {words}(rowid, word) VALUES (new.id, new.word); END",
            f"CREATE TRIGGER {words}_delete AFTER DELETE ON {WORDS} BEGIN"
            f" INSERT INTO {words}({words}, rowid, word) VALUES ('delete', old.id, old.word); END",
            f"CREATE TRIGGER {words}_update AFTER UPDATE ON {WORDS} BEGIN"
            f" INSERT INTO {words}({words}, rowid, word) VALUES ('delete', old.id, old.word);"
            f" INSERT INTO {words}(rowid, word) VALUES (new.id, new.word); END",
        ]

    def schema_backwards(self):
        statements = []
        for table in ("search_document_fts", "search_word_trigrams"):
            for event in ("insert", "delete", "update"):
                statements.append(f"DROP TRIGGER IF EXISTS {table}_{event}")
            statements.append(f"DROP TABLE IF EXISTS {table}")
        return statements

    def kind_indexes(self, keys):
        # One FTS5 table serves every kind: its kind column is searched too.
        return []

    def render(self, node):
        op, value = node
        if op == "term":
            return f'"{value}"'
        if op == "prefix":
            return f'"{value}"*'
        joiner = " AND " if op == "and" else " OR "
        return "(" + joiner.join(self.render(child) for child in value) + ")"

    def matching(self, kind, tree, names, limit, in_order=None):
        # FTS5 reads its matches one by one and stops at the limit, common
        # words or not.
        columns = " ".join(NAME_COLUMNS if names else TERM_COLUMNS)
        query = f'kind : "{kind}" AND {{{columns}}} : {self.render(tree)}'
        return (
            f"FROM {DOCUMENTS} WHERE id IN (SELECT rowid FROM search_document_fts"
            " WHERE search_document_fts MATCH %s LIMIT %s)",
            [query, limit],
        )

    def by_key(self, column, subquery):
        return f"{column} IN ({subquery})"

    def kind_sizes(self):
        return {}

    def in_columns(self, tree, columns):
        """Whether every word of `tree` is in `columns`: LIKE on ' term ' in the stored terms."""
        params = []
        return like(tree, columns, params), params

    def similar_words(self, word, limit):
        # Words that share a trigram with `word`, those sharing most first;
        # search/query.py computes the similarity itself, as pg_trgm does.
        grams = sorted({word[i : i + 3] for i in range(len(word) - 2)})
        if not grams:
            return None
        query = " OR ".join(f'"{gram}"' for gram in grams)
        return (
            f"SELECT w.word, w.term, w.documents, w.in_names FROM search_word_trigrams t"
            f" JOIN {WORDS} w ON w.id = t.rowid WHERE search_word_trigrams MATCH %s"
            " AND w.documents > 0 AND length(w.word) BETWEEN %s AND %s"
            " ORDER BY bm25(search_word_trigrams) LIMIT %s",
            [query, *length_range(word), limit],
        )


def like(node, columns, params):
    op, value = node
    if op in ("term", "prefix"):
        padded = " || ' ' || ".join(columns)
        params.append(f"% {value} %" if op == "term" else f"% {value}%")
        return f"(' ' || {padded} || ' ') LIKE %s"
    joiner = " AND " if op == "and" else " OR "
    return "(" + joiner.join(like(child, columns, params) for child in value) + ")"


def length_range(word):
    """The lengths a look-alike of `word` may have (search/query.py keeps to them too)."""
    return len(word) - MAX_LENGTH_DIFFERENCE, len(word) + MAX_LENGTH_DIFFERENCE


BACKENDS = {backend.vendor: backend for backend in (PostgreSQLBackend(), SQLiteBackend())}


def backend(using="default"):
    vendor = connections[using].vendor
    if vendor not in BACKENDS:
        raise NotImplementedError(f"Search has no backend for {vendor}.")
    return BACKENDS[vendor]
