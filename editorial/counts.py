"""
Counts kept where the knowledge is written, not counted on every request.

Some numbers a page shows grow with the knowledge: how many public entries
carry each tag (the tag list), how many public statements are about an
entry (its page, the statement list). Counted on the request they read
every row behind them: 360 ms for the tag list and 26 ms for the statement
list at 10 000 articles, ten times that at 100 000.

So an app registers each such count (`register`), and once a change is
committed (editorial.cache.content_committed) `recount` counts them all for
the content version of that moment, in one transaction, in a thread beside
the writer. A page reads a count only where it was counted for the version
that is current now (`stored`, `value`); before the first recount, after a
change whose recount has not run yet, or without the cache, it counts on
the request as before. The number shown is the same either way.
"""

import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import Count, IntegerField, Subquery

from . import kinds
from .background import AfterChange
from .cache import content_version
from .models import StoredCount

logger = logging.getLogger("rolwijzer.counts")

# name -> a function that returns {key: n} for the knowledge as it is now.
COUNTS = {}
# The key of a count that is one number (the statements in all).
TOTAL = 0
# How many public entries each kind with pages has, by content type: the
# paginator's count of a whole list (480 000 people: 24 ms a request).
LISTS = "lists"


def register(name, count):
    COUNTS[name] = count


def list_totals():
    return {
        ContentType.objects.get_for_model(model).pk: model.objects.public().count()
        for model in kinds.with_pages()
    }


def per_key(model, relation, counted="pk"):
    """
    {key: n}: for each entry `relation` points at, how many public `model`
    rows point at it (how many distinct `counted` of them), one query.
    """
    rows = model.objects.public().filter(**{f"{relation}__isnull": False}).order_by()
    return dict(rows.values_list(relation).annotate(n=Count(counted, distinct=counted != "pk")))


def current_version():
    try:
        return content_version()
    except Exception:
        logger.exception("No content version for the stored counts")
        return None


def recount(**kwargs):
    """
    Count everything registered for the current version, in place of the
    counts before. A version's rows are written in one transaction, so a
    reader finds all of them or none. A failure costs only speed.
    """
    version = current_version()
    if version is None:
        return
    try:
        rows = [
            StoredCount(version=version, name=name, key=key, n=n)
            for name, count in COUNTS.items()
            for key, n in count().items()
            if n
        ]
        if current_version() != version:
            return  # a newer change was committed meanwhile: its recount follows
        with transaction.atomic():
            StoredCount.objects.all().delete()
            # A recount of the same version at the same time counts the same.
            StoredCount.objects.bulk_create(rows, ignore_conflicts=True)
    except DatabaseError:
        logger.exception("Could not recount")


def changed(**kwargs):
    """
    After a committed change: the recount, beside the writer, who does not
    wait for it (0.4 s at 10 000 articles, 3.6 s at 100 000); in the
    request with COUNTS_IN_BACKGROUND off (the tests).
    """
    if settings.COUNTS_IN_BACKGROUND:
        recounter.start()
    else:
        recount()


recounter = AfterChange(recount, "recount")


def of_version(name):
    return StoredCount.objects.filter(version=current_version() or "", name=name)


def stored(name, key, rows=None):
    """
    The count of `name` for `key` (a value or an expression such as
    OuterRef("pk")) as an expression: NULL where it was not counted for the
    current version, or is 0. `rows`: of_version(name) read before, so that
    a page that asked counted() reads the same version.
    """
    rows = of_version(name) if rows is None else rows
    return Subquery(rows.filter(key=key).values("n")[:1], output_field=IntegerField())


def value(name, key=TOTAL):
    """
    The count of `name` for `key` (one query), or None: not counted for the
    current version, or 0.
    """
    return of_version(name).filter(key=key).values_list("n", flat=True).first()
