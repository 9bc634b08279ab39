"""
The tag list's counts (see portal/models.py): counted once per committed
change, read while their content version is current.
"""

import logging
from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, transaction
from django.db.models import Count, F, FilteredRelation, Q
from taggit.models import Tag, TaggedItem

from editorial import tags
from editorial.cache import content_version

from .models import TagCount

logger = logging.getLogger("rolwijzer.tags")


def current_version():
    try:
        return content_version()
    except Exception:
        # Without the cache no version is known: count as before.
        logger.exception("No content version for the tag counts")
        return None


def counted():
    """How many public entries carry each tag: {tag pk: n}, one query per tagged kind."""
    totals = Counter()
    for model in tags.tagged_models():
        items = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=model.objects.public().values("pk"),
        )
        totals.update(dict(items.order_by().values_list("tag").annotate(n=Count("pk"))))
    return totals


def recount(**kwargs):
    """
    Count for the current version, in place of the counts before. A
    version's rows are written in one transaction, so a reader finds all of
    them or none, and reads none of another version. A failure costs only
    speed: the list then counts as before.
    """
    version = current_version()
    if version is None:
        return
    try:
        totals = counted()
        if current_version() != version:
            return  # a newer change was committed meanwhile: its recount follows
        with transaction.atomic():
            TagCount.objects.all().delete()
            # A recount of the same version at the same time counts the same.
            TagCount.objects.bulk_create(
                (TagCount(tag_id=tag, version=version, entries=n) for tag, n in totals.items()),
                ignore_conflicts=True,
            )
    except DatabaseError:
        logger.exception("Could not count the tags")


def public_tags():
    """
    Tags with at least one public entry, with how many (`item_count`), as
    editorial.tags.public_tags() counts them, from the counts of the current
    version when there are any.
    """
    version = current_version()
    if version is not None:
        of_version = Q(public_counts__version=version)
        stored = (
            Tag.objects.annotate(count=FilteredRelation("public_counts", condition=of_version))
            .filter(count__isnull=False)
            .annotate(item_count=F("count__entries"))
            .order_by("name")
        )
        if stored.exists():
            return stored
    return tags.public_tags()
