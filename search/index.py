"""
Keeping the index current. Every write path ends here:

- admin edits, restores and recoveries (django-reversion saves and deletes
  rows) and bulk `update()`s reach `changed()` through signals
  (search/signals.py);
- `load_articles` and `generate_synthetic` write with bulk_create, which
  sends no signal: they call `changed()` with what they wrote, inside
  `batch()`, so that a load re-reads each document once.

`changed()` re-reads every document the rows take part in
(search/documents.py) through `public()`: an entry that is not public has
no document, so drafts never reach the index. A change that touches more
than a fifth of the index rebuilds it instead.
"""

import contextlib
import threading
from collections import Counter, defaultdict

from django.db import connection, transaction

from editorial.search import kinds

from . import text
from .documents import BATCH, affected, reader, watched_models
from .models import SearchDocument, SearchWord

state = threading.local()
REBUILD_SHARE = 0.2
MAX_WORD = 100


def pending():
    """The changes a running batch() collects, or None outside one."""
    return getattr(state, "pending", None)


def rebuilding():
    """Whether a running batch() rebuilds the index at its end anyway."""
    return getattr(state, "rebuild", False)


@contextlib.contextmanager
def batch(rebuild_after=False):
    """
    Collect the changes made inside, and re-read their documents once at the
    end; with `rebuild_after`, ignore them and rebuild the index at the end
    (for writes of a large part of the knowledge, such as generate_synthetic).
    """
    if pending() is not None:
        state.rebuild = state.rebuild or rebuild_after
        yield
        return
    state.pending, state.rebuild = defaultdict(set), rebuild_after
    try:
        yield
        collected, everything = state.pending, state.rebuild
    finally:
        state.pending, state.rebuild = None, False
    if everything:
        rebuild()
    else:
        reindex(collected)


def changed(changes):
    """`changes` is {model: pks} of rows written (or about to be deleted)."""
    if rebuilding():
        return
    found = defaultdict(set)
    for model, pks in changes.items():
        for kind, ids in affected(model, pks).items():
            found[kind] |= ids
    if pending() is not None:
        for kind, ids in found.items():
            pending()[kind] |= ids
    else:
        reindex(found)


def reindex(found):
    """Bring the documents {kind: pks} in line with the entries."""
    total = sum(len(ids) for ids in found.values())
    if not total:
        return
    if total > REBUILD_SHARE * max(SearchDocument.objects.count(), 1) and total > BATCH:
        rebuild()
        return
    with transaction.atomic():
        for kind, ids in found.items():
            ids = sorted(ids)
            for start in range(0, len(ids), BATCH):
                part = ids[start : start + BATCH]
                SearchDocument.objects.filter(kind=kind.key, object_id__in=part).delete()
                documents = reader(kind).documents(part)
                SearchDocument.objects.bulk_create(documents, batch_size=BATCH)
                add_words(documents)


def rebuild(verbosity=0, stdout=None):
    """Every document and the vocabulary anew."""
    counts, names, joined = Counter(), set(), set()
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        SearchWord.objects.all().delete()
        analyze()
        for kind in kinds():
            model = kind.model
            ids = list(model.objects.public().order_by("pk").values_list("pk", flat=True))
            for start in range(0, len(ids), BATCH):
                documents = reader(kind).documents(ids[start : start + BATCH])
                SearchDocument.objects.bulk_create(documents, batch_size=BATCH)
                for document in documents:
                    found, in_names, compounds = document_words(document)
                    counts.update(found)
                    names |= in_names
                    joined |= compounds
            if verbosity and stdout:
                stdout.write(f"  {kind.key}: {len(ids)}")
        SearchWord.objects.bulk_create(
            (
                SearchWord(word=w, term=text.stem(w), documents=n, in_names=w in names)
                for w, n in counts.items()
            ),
            batch_size=2000,
        )
        SearchWord.objects.bulk_create(
            (
                SearchWord(word=w, term=text.stem(w), documents=0, in_names=True)
                for w in joined - counts.keys()
            ),
            batch_size=2000,
        )
        # The planner's statistics of what was written: its count of each
        # kind's documents tells search/query.py which kinds to read in
        # order for a common word, and its word frequencies choose its plans.
        analyze({SearchDocument._meta.db_table, SearchWord._meta.db_table})


def analyze(tables=None):
    """
    Statistics for PostgreSQL's planner on `tables`, by default those the
    documents are read from: rows written in bulk in this transaction
    (generate_synthetic, a first load) have none yet, and without them it
    reads a batch of 500 by scanning the whole table once per row.
    """
    if connection.vendor != "postgresql":
        return
    if tables is None:
        tables = {model._meta.db_table for model in watched_models()}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f'ANALYZE "{table}"')


def document_words(document):
    """
    The distinct words of a document's texts, those of its names, and its
    names' adjacent words joined. The joined ones are known to the index (a
    query for "socialmediateam" needs no correction) but appear in no text:
    their `documents` is 0, and they are never offered as a correction.
    """
    named = [document.title if document.title_terms else ""] + document.aliases
    names = set(indexable(" ".join(named)))
    compounds = {w for name in named for w in text.compound_words(name) if len(w) <= MAX_WORD}
    every = names | set(indexable(document.passage)) | set(indexable(document.title))
    return every, names, compounds - every


def indexable(value):
    return [
        w
        for w in text.words(value)
        if w not in text.STOPWORDS and len(w) > 2 and len(w) <= MAX_WORD and not w.isdigit()
    ]


def add_words(documents):
    """Words the index did not know yet (rebuild() counts them all anew)."""
    found, names, joined = set(), set(), set()
    for document in documents:
        every, in_names, compounds = document_words(document)
        found |= every
        names |= in_names
        joined |= compounds
    words = [SearchWord(word=w, term=text.stem(w), documents=1, in_names=w in names) for w in found]
    words += [
        SearchWord(word=w, term=text.stem(w), documents=0, in_names=True) for w in joined - found
    ]
    SearchWord.objects.bulk_create(words, batch_size=2000, ignore_conflicts=True)
