"""
A reader's query against the index, the same on every database.

1. The words become terms (search/text.py). A word the vocabulary does not
   know is widened with the known words that look most like it (pg_trgm's
   similarity, computed here so both databases agree): "comunity" also
   looks for "community", and the page offers "Bedoelde u ...?".
2. Every word must match (or its look-alikes); two or three adjacent words
   may also match as one compound ("community manager" finds
   "communitymanager" and the other way round).
3. Per kind, the backend finds at most RANKED documents that match
   anywhere and at most RANKED that match in a name. Only these are
   ranked, so a very common word costs no more than a rare one; the
   matches are counted up to a bound: OVERVIEW_COUNTED on the page of every
   kind, COUNTED on a kind's own pages. Where the words are in a large share
   of a kind, its documents are read in order until one more than that
   match, rather than all its matches collected first (common_kinds), so
   that such a word costs about the same at any size.
4. The rank is a tier, then the length of the name: all words in the title
   (4), in the title and other names (3), in the summary as well (2),
   anywhere (1); within a tier the shortest name first. Whether the words
   are in a column is asked of the stored terms: PostgreSQL reads the
   weights of the tsvector, SQLite uses LIKE on ' term '; both mean the
   same whole terms.
"""

import json

from django.db import connection

from editorial.search import kinds

from . import text
from .backends import DOCUMENTS, backend, length_range
from .models import SearchWord

# Candidates ranked per kind for a first page; matches counted per kind on
# a kind's own pages (which page through that many), and on the page of
# every kind, which shows the best three of each and "100+": the lower bound
# lets more kinds be read in order (common_kinds), which kept the search's
# cost from doubling from 10 000 to 100 000 articles (docs/performance.md).
RANKED = 100
COUNTED = 1000
OVERVIEW_COUNTED = 100
TYPO_THRESHOLD = 0.45
TYPO_ALTERNATIVES = 3
TYPO_CANDIDATES = 40
# Testing a document against a query, against collecting one match from the
# GIN index (common_kinds): about 1.5 µs against 0.3 µs at 10 000 articles;
# docs/performance.md's figures were taken with 4.
TEST_COST = 4
# Documents scanned by SQLite's trigram table for look-alike words.
TRIGRAM_CANDIDATES = 200

TIERS = [
    (4, ("title_terms",)),
    (3, ("title_terms", "alias_terms")),
    (2, ("title_terms", "alias_terms", "summary_terms")),
]


class ParsedQuery:
    def __init__(self, raw):
        self.raw = text.clean_query(raw)
        self.words = text.query_words(self.raw)
        self.terms = [text.stem(w) for w in self.words]
        self.alternatives = {}  # word index -> [(word, term, documents)] look-alikes
        self.documents = {}  # term -> in at least how many documents (the vocabulary's count)
        self.corrected = False

    def __bool__(self):
        return bool(self.words)

    def widen(self):
        """Look-alikes for the words the index does not know (two queries at most)."""
        for term, documents in SearchWord.objects.filter(term__in=set(self.terms)).values_list(
            "term", "documents"
        ):
            self.documents[term] = max(documents, self.documents.get(term, 0))
        known = set(self.documents)
        unknown = {
            position: word
            for position, (word, term) in enumerate(zip(self.words, self.terms, strict=True))
            if term not in known and len(word) >= 4 and not word.isdigit()
        }
        self.alternatives = similar_words(unknown)
        self.corrected = bool(self.alternatives)
        for found in self.alternatives.values():
            for _word, term, documents in found:
                self.documents[term] = max(documents, self.documents.get(term, 0))

    def groups(self):
        groups = []
        for position, term in enumerate(self.terms):
            options = [term] + [t for _w, t, _n in self.alternatives.get(position, []) if t != term]
            groups.append(options)
        return groups

    def tree(self):
        groups = self.groups()

        def group(options):
            nodes = [("term", t) for t in dict.fromkeys(options)]
            return nodes[0] if len(nodes) == 1 else ("or", nodes)

        every = [group(g) for g in groups]
        variants = [("and", every) if len(every) > 1 else every[0]]
        for size in (2, 3):
            for start in range(len(self.words) - size + 1):
                joined = text.stem("".join(self.words[start : start + size]))
                rest = every[:start] + [("term", joined)] + every[start + size :]
                variants.append(("and", rest) if len(rest) > 1 else rest[0])
        return variants[0] if len(variants) == 1 else ("or", variants)

    def stems(self):
        """Every term the results are highlighted by."""
        found = {t for g in self.groups() for t in g}
        for size in (2, 3):
            for start in range(len(self.words) - size + 1):
                found.add(text.stem("".join(self.words[start : start + size])))
        return found

    def suggestion(self):
        """The query with each unknown word replaced by its closest known word."""
        if not self.corrected:
            return ""
        words = [
            self.alternatives[i][0][0] if i in self.alternatives else word
            for i, word in enumerate(self.words)
        ]
        return " ".join(words)


def similar_words(words):
    """
    For {position: word}, up to TYPO_ALTERNATIVES known words that look like
    each, as {position: [(word, term, documents)]}, in one query.
    """
    limit = TRIGRAM_CANDIDATES if connection.vendor == "sqlite" else TYPO_CANDIDATES
    parts, params = [], []
    for position, word in words.items():
        sql = backend().similar_words(word, limit)
        if sql:
            parts.append(f"SELECT {int(position)} AS position, s.* FROM ({sql[0]}) AS s")
            params += sql[1]
    if not parts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        rows = cursor.fetchall()
    scored = {}
    for position, candidate, term, documents, in_names in rows:
        word = words[position]
        shortest, longest = length_range(word)
        score = text.similarity(word, candidate)
        if shortest <= len(candidate) <= longest and score >= TYPO_THRESHOLD and candidate != word:
            scored.setdefault(position, []).append(
                (-score, not in_names, -documents, candidate, term)
            )
    return {
        position: [(c, t, -d) for _s, _n, d, c, t in sorted(found)[:TYPO_ALTERNATIVES]]
        for position, found in scored.items()
    }


def tier(tree):
    """The tier as SQL and its parameters (see the module's docstring)."""
    params, cases = [], []
    for rank, columns in TIERS:
        sql, condition_params = backend().in_columns(tree, columns)
        cases.append(f"WHEN {sql} THEN {rank}")
        params += condition_params
    return f"CASE {' '.join(cases)} ELSE 1 END", params


def expected_share(tree, documents, total):
    """
    The share of all documents expected to match `tree`, from the
    vocabulary's counts (`documents`: term -> documents). Words that must all
    match are taken to meet as often as the rarest of them occurs: the words
    readers put together ("social media", "community manager") mostly do,
    where taking them as independent would call those rare. For two common
    words that seldom meet the estimate is too high: the window a kind is
    read in (common_kinds) then holds too few matches, and ranked() searches
    that kind again through its full-text index.
    """
    op, value = tree
    if op == "term":
        return min(documents.get(value, 0) / total, 1.0)
    if op == "prefix":
        return 0.0
    shares = [expected_share(child, documents, total) for child in value]
    return min(shares) if op == "and" else min(sum(shares), 1.0)


def common_kinds(tree, selected, documents, counted=COUNTED):
    """
    The kinds in `selected` whose first `counted` + 1 matches are found sooner
    by reading the kind in order: that tests about `counted` / share of its
    documents, where its GIN index collects share x size, and a test costs
    about TEST_COST times as much as a collected match. As {kind: the share
    of its documents to read at most}: TEST_COST times as many as should
    hold `counted` + 1 matches, which costs no more than the GIN index would.
    """
    needed = TEST_COST * (counted + 1)
    # share² x size <= share x total <= the documents of all the terms: below
    # the bar no kind can qualify, and the sizes need not be asked for.
    if sum(documents.values()) < needed:
        return {}
    sizes = backend().kind_sizes()
    total = sum(sizes.values())
    if not total:
        return {}
    share = expected_share(tree, documents, total)
    return {
        kind.key: min(needed / share / sizes[kind.key], 1.0)
        for kind in selected
        if share * share * sizes.get(kind.key, 0) >= needed
    }


def statement(tree, selected, limit, names_only=False, in_order=None, counted=COUNTED):
    """
    The CTEs that find, count and rank the documents of each kind in
    `selected`, as SQL and parameters:

    - `matches_N`: at most `counted` + 1 documents of the kind that match
      anywhere (read once: counted, and the first `limit` ranked);
    - `candidates`: those first `limit`, and at most `limit` that match in
      a name (all the best ones are among these), with their tier;
    - `counts`: how many of each kind match, up to `counted` + 1.

    In the kinds in `in_order` ({kind: share}) the words are in so many
    documents that the first `counted` + 1 are found by reading the kind in
    order, at most that share of its documents (search/backends.py).
    """
    in_order = in_order or {}
    db = backend()
    rank, rank_params = tier(tree)
    columns = f"id, kind, {rank} AS tier, title_length, sort_key, object_id"
    ctes, parts, totals, params = [], [], [], []
    for kind in selected:
        if not names_only:
            name = f"matches_{len(ctes)}"
            found, found_params = db.matching(
                kind.key, tree, False, counted + 1, in_order=in_order.get(kind.key)
            )
            ctes.append(f"{name} AS (SELECT id {found} LIMIT %s)")
            params += found_params + [counted + 1]
            first = db.by_key("id", f"SELECT id FROM {name} LIMIT %s")
            parts.append(
                (f"SELECT {columns} FROM {DOCUMENTS} WHERE {first}", rank_params + [limit])
            )
            totals.append(f"SELECT '{kind.key}' AS kind, (SELECT COUNT(*) FROM {name}) AS total")
        if kind.title or kind.aliases:
            found, found_params = db.matching(kind.key, tree, True, limit)
            parts.append(
                (
                    f"SELECT * FROM (SELECT {columns} {found} LIMIT %s) AS c{len(parts)}",
                    rank_params + found_params + [limit],
                )
            )
    params += [p for _sql, part_params in parts for p in part_params]
    ctes.append("candidates AS (" + " UNION ".join(sql for sql, _p in parts) + ")")
    if names_only:
        ctes.append("counts AS (SELECT kind, COUNT(*) AS total FROM candidates GROUP BY kind)")
    else:
        ctes.append("counts AS (" + " UNION ALL ".join(totals) + ")")
    return "WITH " + ", ".join(ctes), params


DISPLAY = ("kind", "url", "title", "aliases", "passage", "context", "badges", "title_length")
JSON_COLUMNS = ("aliases", "context", "badges")


def ranked(tree, selected, per_kind, offset=0, names_only=False, documents=None, counted=COUNTED):
    """
    The best documents of each kind in `selected` (rows `offset` to
    `offset + per_kind` of its ranking), each with its tier, its place and
    how many of its kind match (more than `counted`: `counted` + 1). One query
    (two when a kind read in order falls short), the same SQL on every
    database but for how the documents are matched and how rows are fetched
    by key (search/backends.py). A first page ranks RANKED candidates per
    kind; a later one as many as it needs.
    """
    limit = min(counted, max(RANKED, offset + per_kind))
    in_order = {} if names_only else common_kinds(tree, selected, documents or {}, counted)
    rows = ranked_rows(tree, selected, limit, per_kind, offset, names_only, in_order, counted)
    # A kind read in order whose first documents held fewer matches than
    # expected (words that seldom meet): it is searched again, through its
    # full-text index, so that its count and its best documents are whole.
    filled = {row["kind"] for row in rows if row["total"] > counted}
    if set(in_order) - filled:
        in_order = {kind: n for kind, n in in_order.items() if kind in filled}
        rows = ranked_rows(tree, selected, limit, per_kind, offset, names_only, in_order, counted)
    return rows


def ranked_rows(tree, selected, limit, per_kind, offset, names_only, in_order, counted):
    found, params = statement(tree, selected, limit, names_only, in_order, counted)
    display = ", ".join(f"d.{column}" for column in DISPLAY)
    chosen = "SELECT id FROM chosen"
    sql = (
        f"{found}, ranked AS ("
        " SELECT id, kind, tier, ROW_NUMBER() OVER (PARTITION BY kind"
        " ORDER BY tier DESC, title_length, sort_key, object_id) AS place FROM candidates),"
        " chosen AS (SELECT id, kind, tier, place FROM ranked WHERE place > %s AND place <= %s)"
        f" SELECT {display}, c.tier, c.place, n.total FROM chosen c"
        f" JOIN {DOCUMENTS} d ON d.id = c.id JOIN counts n ON n.kind = c.kind"
        f" WHERE {backend().by_key('d.id', chosen)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(backend().statement_prefix + sql, params + [offset, offset + per_kind])
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        for column in JSON_COLUMNS:
            if isinstance(row[column], str):
                row[column] = json.loads(row[column])
    return rows


def grouped(rows):
    """
    The rows by kind, as [(kind, rows)]: the kind whose best result is best
    first (its tier, then the shortest name, then the kinds' order).
    """
    declared = {kind.key: kind for kind in kinds()}
    groups = {}
    for row in sorted(rows, key=lambda r: r["place"]):
        groups.setdefault(row["kind"], []).append(row)

    def best(item):
        key, found = item
        return (-found[0]["tier"], found[0]["title_length"], declared[key].order)

    return [(declared[key], found) for key, found in sorted(groups.items(), key=best)]


def counted_up_to(kind_keys):
    """
    How far the matches of each kind are counted: the page of every kind
    (`kind_keys` None) says "100+", a kind's own pages page through more.
    """
    return OVERVIEW_COUNTED if kind_keys is None else COUNTED


def search(raw, kind_keys=None, per_kind=3, offset=0):
    query = ParsedQuery(raw)
    if not query:
        return query, []
    query.widen()
    selected = [k for k in kinds() if kind_keys is None or k.key in kind_keys]
    if not selected:
        return query, []
    rows = ranked(
        query.tree(),
        selected,
        per_kind,
        offset,
        documents=query.documents,
        counted=counted_up_to(kind_keys),
    )
    return query, rows


def suggest(raw, limit=8):
    """Names that start with what the reader is typing, best first (the header's suggestions)."""
    words = text.query_words(raw)
    if not words or len(words[-1]) < 2:
        return []
    nodes = [("term", text.stem(w)) for w in words[:-1]]
    nodes.append(("or", [("prefix", words[-1]), ("term", text.stem(words[-1]))]))
    tree = ("and", nodes) if len(nodes) > 1 else nodes[0]
    rows = ranked(tree, kinds(), limit, names_only=True)
    rows.sort(key=lambda r: (-r["tier"], r["title_length"], r["place"]))
    return rows[:limit]
