"""
Which tags a reader may see: those carried by at least one public entry.
The tagged kinds are the models with a `tags` field, taken from the app
registry, so a new tagged kind needs no change here.
"""

import operator
from functools import reduce

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, Q
from django.db.models.signals import m2m_changed, post_delete, post_save
from taggit.models import Tag, TaggedItem

from . import cache


def tagged_models():
    return [
        model
        for model in apps.get_models()
        if hasattr(model.objects, "public")
        and any(field.name == "tags" for field in model._meta.get_fields())
    ]


def public_tag_items():
    """The condition on Tag for its items that are public entries."""
    condition = Q()
    for model in tagged_models():
        condition |= Q(
            taggit_taggeditem_items__content_type__app_label=model._meta.app_label,
            taggit_taggeditem_items__content_type__model=model._meta.model_name,
            taggit_taggeditem_items__object_id__in=model.objects.public().values("pk"),
        )
    return condition


def public_tags():
    """Tags with at least one public entry, with how many (`item_count`)."""
    return (
        Tag.objects.annotate(item_count=Count("taggit_taggeditem_items", filter=public_tag_items()))
        .filter(item_count__gt=0)
        .order_by("name")
    )


def public_tag(slug):
    """
    The tag with this slug if a public entry carries it, else None. Each
    kind asks from the tag's own items to its entries and stops at the
    first public one; the condition of public_tags() goes the other way,
    and at 100 000 articles read the million statements once per item.
    """
    tag = Tag.objects.filter(slug=slug).first()
    if tag is None:
        return None
    carried = [Exists(tagged_with(model.objects.public(), tag)) for model in tagged_models()]
    return tag if Tag.objects.filter(reduce(operator.or_, carried), pk=tag.pk).exists() else None


def tagged_with(entries, tag):
    """
    The rows of the queryset `entries` that carry `tag`. Not
    filter(tags=tag): taggit's join casts the tagged item's object_id to the
    entry's key type, which hides taggit's index on it, so the first dozen
    statements of a tag with 17 000 were found by reading all of them. The
    subquery compares the columns as they are, and adds no duplicate rows.
    """
    items = TaggedItem.objects.filter(
        tag=tag, content_type=ContentType.objects.get_for_model(entries.model)
    )
    return entries.filter(pk__in=items.values("object_id"))


def tags_changed(sender, **kwargs):
    # Not through an entry's save: the tag admin's rename and merge, or a
    # tag added to an entry on its own. Every cached page and every stored
    # count (editorial/counts.py) of before is out of date.
    if kwargs.get("action", "post_").startswith("post_"):
        cache.knowledge_changed()


def connect():
    """
    Writes to tags reach the content version. Not post_delete of a tagged
    item: a receiver there would make every bulk delete of them (the
    loader's) go row by row; removing a tag from an entry sends m2m_changed.
    """
    for model in (Tag, TaggedItem):
        post_save.connect(
            tags_changed, sender=model, dispatch_uid=f"editorial.tags.{model.__name__}"
        )
    post_delete.connect(tags_changed, sender=Tag, dispatch_uid="editorial.tags.deleted")
    m2m_changed.connect(tags_changed, sender=TaggedItem, dispatch_uid="editorial.tags.linked")
