"""
How the open-data API shows a link from one entry or fact to another: the
linked entry's slug, name and page on the site.

A public fact may link an entry that is not public itself: the person who
said it, the level of a task, the team of a company example can still be
drafts. The querysets mark such links with `marking_public_links()` (the
entry's own public(), in the same query), and `PublicLink` fields render an
unmarked link as null.
"""

from django.db.models import Exists, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from articles.models import Article, Person

from .models import (
    Company,
    CompanyExample,
    Competency,
    Level,
    Responsibility,
    Role,
    Statement,
    TeamStructure,
)


def public_flag(link):
    return f"{link}_is_public"


def marking_public_links(queryset, *links):
    """`queryset`, each row knowing whether the entry each of `links` points to is public."""
    model = queryset.model
    return queryset.annotate(
        **{
            public_flag(link): Exists(
                model._meta.get_field(link).related_model.objects.public().filter(pk=OuterRef(link))
            )
            for link in links
        }
    )


def public_link(obj, link):
    """The entry `obj` links to through `link`; None when there is none or it is not public."""
    return getattr(obj, link) if getattr(obj, public_flag(link)) else None


def _absolute(request, path):
    return request.build_absolute_uri(path) if request is not None else path


@extend_schema_field(OpenApiTypes.URI)
class SiteURLField(serializers.Field):
    """The entry's page on this site; absolute when there is a request."""

    def __init__(self, **kwargs):
        kwargs.update(source="*", read_only=True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return _absolute(self.context.get("request"), value.get_absolute_url())


class SortedTagListSerializer(serializers.ListSerializer):
    def to_representation(self, data):
        return sorted(super().to_representation(data), key=lambda tag: tag["name"])


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["name", "slug"]
        list_serializer_class = SortedTagListSerializer


def ref_serializer(model_class, name="name", page=True):
    """A link to a `model_class` entry: its slug, its `name` field and, with `page`, its page."""
    attrs = {"site_url": SiteURLField()} if page else {}
    fields = ["slug", name, *attrs] if name else ["slug", *attrs]
    meta = type("Meta", (), {"model": model_class, "fields": fields})
    bases = (serializers.ModelSerializer,)
    return type(f"{model_class.__name__}RefSerializer", bases, {**attrs, "Meta": meta})


ArticleRefSerializer = ref_serializer(Article, "title")
PersonRefSerializer = ref_serializer(Person)
RoleRefSerializer = ref_serializer(Role)
CompetencyRefSerializer = ref_serializer(Competency)
LevelRefSerializer = ref_serializer(Level)
TeamStructureRefSerializer = ref_serializer(TeamStructure)
CompanyRefSerializer = ref_serializer(Company)
ResponsibilityRefSerializer = ref_serializer(Responsibility)
CompanyExampleRefSerializer = ref_serializer(CompanyExample, "title")


class StatementRefSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()

    class Meta:
        model = Statement
        fields = ["slug", "kind", "site_url"]


class PublicLink(serializers.Field):
    """A link to one other entry, or null when there is none or it is not public."""

    def __init__(self, ref_serializer, **kwargs):
        self.ref_serializer = ref_serializer
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return public_link(instance, self.source)

    def to_representation(self, value):
        return self.ref_serializer(value, context=self.context).data


# drf-spectacular reads the schema of a field class from this decorator, so
# each kind of link gets its own small subclass.


def public_link_field(ref_serializer):
    @extend_schema_field(ref_serializer(allow_null=True))
    class Field(PublicLink):
        def __init__(self, **kwargs):
            super().__init__(ref_serializer, **kwargs)

    return Field


PublicPersonField = public_link_field(PersonRefSerializer)
PublicLevelField = public_link_field(LevelRefSerializer)
PublicTeamStructureField = public_link_field(TeamStructureRefSerializer)


class FactSerializer(serializers.ModelSerializer):
    """
    Base for every sourced fact: where it comes from and who said it. A
    public fact's source is a public article; the speaker may not be.
    """

    source = ArticleRefSerializer(read_only=True)
    said_by = PublicPersonField()
