"""
The API of every kind with pages of its own, from the kinds registry
(editorial/kinds.py): a kind with a viewset written for it (roles/api.py,
debates/api.py) is served by that one; any other is served by a viewset made
from its one declaration, as its download table is. Adding a kind therefore
adds it to the API too, at /api/<its pages' namespace>/.

A made viewset shows the keys of the kind's fixture section: the entry's
own fields, a link to another entry as that entry's slug, name and page
(null when it is not public), links to many as the public ones only, the
tags; then its sources and its page on the site.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Prefetch
from rest_framework import serializers
from rest_framework.routers import DefaultRouter
from taggit.managers import TaggableManager

from articles.models import Article
from editorial.kinds import KINDS, all_kinds

from .api import OpenDataViewSet, documented
from .ref_serializers import (
    ArticleRefSerializer,
    SiteURLField,
    TagSerializer,
    marking_public_links,
    public_link_field,
    ref_serializer,
)

NAME_FIELDS = ("name", "title", "question")


def prefix(kind):
    return kind.namespace or kind.fixture.name.replace("_", "-")


def basename(kind):
    return kind.fixture.singular.replace(" ", "-")


def link_serializer(model):
    """A link to a `model` entry: its slug, the first of its name fields, its page if it has one."""
    names = {f.name for f in model._meta.get_fields()}
    name = next((n for n in NAME_FIELDS if n in names), None)
    return ref_serializer(model, name, page=model in KINDS and KINDS[model].page)


def model_field(model, name):
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None  # a section written inside this one, not a field


def made_viewset(kind):
    """The viewset of a kind without one of its own: its declaration, public rows and links only."""
    model = kind.model
    attrs, fields, links, many = {}, [], [], []
    for key in kind.fixture.keys:
        name = kind.fixture.attrs.get(key, key)
        field = model_field(model, name)
        if key == "status" or field is None:
            continue
        # DRF refuses a source that repeats the key.
        source = {"source": name} if name != key else {}
        if isinstance(field, TaggableManager):
            attrs[key] = TagSerializer(many=True, read_only=True, **source)
        elif field.many_to_many:
            attrs[key] = link_serializer(field.related_model)(many=True, read_only=True, **source)
            many.append(Prefetch(name, queryset=field.related_model.objects.public()))
        elif field.many_to_one:
            attrs[key] = public_link_field(link_serializer(field.related_model))(**source)
            links.append(name)
        fields.append(key)
    if model_field(model, "sources") is not None:
        attrs["sources"] = ArticleRefSerializer(many=True, read_only=True)
        many.append(Prefetch("sources", queryset=Article.objects.public().order_by("title")))
        fields.append("sources")
    attrs["site_url"] = SiteURLField()
    fields.append("site_url")
    meta = type("Meta", (), {"model": model, "fields": fields})
    serializer = type(
        f"{model.__name__}Serializer", (serializers.ModelSerializer,), {**attrs, "Meta": meta}
    )
    queryset = (
        marking_public_links(model.objects.public(), *links)
        .select_related(*links)
        .prefetch_related(*many)
    )
    viewset = type(
        f"{model.__name__}ViewSet",
        (OpenDataViewSet,),
        {"schema_tag": prefix(kind), "serializer_class": serializer, "queryset": queryset},
    )
    return documented(serializer, kind.fixture.name.replace("_", " "), kind.fixture.singular)(
        viewset
    )


def api_router(written):
    """A router with every kind that has pages, and every kind a viewset in `written` serves."""
    by_model = {viewset.queryset.model: viewset for viewset in written}
    router = DefaultRouter()
    router.include_format_suffixes = False
    for kind in all_kinds():
        viewset = by_model.get(kind.model) or (made_viewset(kind) if kind.page else None)
        if viewset is not None:
            router.register(prefix(kind), viewset, basename=basename(kind))
    return router
