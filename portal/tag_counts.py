"""
The tag list's counts: how many public entries carry each tag, kept where
the knowledge is written (editorial/counts.py) instead of read from every
tagged item on each request.
"""

from collections import Counter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef
from taggit.models import Tag, TaggedItem

from editorial import counts, tags

NAME = "tags"


def count():
    """{tag pk: public entries with the tag}, one query per tagged kind."""
    totals = Counter()
    for model in tags.tagged_models():
        items = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id__in=model.objects.public().values("pk"),
        )
        totals.update(dict(items.order_by().values_list("tag").annotate(n=Count("pk"))))
    return totals


def register():
    counts.register(NAME, count)


def public_tags():
    """
    Tags with at least one public entry, with how many (`item_count`), as
    editorial.tags.public_tags() counts them: from the stored counts when
    they were counted for the current version.
    """
    # The version read once: a change between two reads would find no rows.
    rows = counts.of_version(NAME)
    if rows.exists():
        return (
            Tag.objects.annotate(item_count=counts.stored(NAME, OuterRef("pk"), rows))
            .filter(item_count__isnull=False)
            .order_by("name")
        )
    return tags.public_tags()
