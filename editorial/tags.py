"""
Which tags a reader may see: those carried by at least one public entry.
The tagged kinds are the models with a `tags` field, taken from the app
registry, so a new tagged kind needs no change here.
"""

from django.apps import apps
from django.db.models import Count, Q
from taggit.models import Tag


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
