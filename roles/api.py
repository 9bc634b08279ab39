"""
The read-only open-data API: one viewset per kind of entry, looked up by
slug, published entries only.

Each viewset's queryset prefetches everything its serializer renders, with
each prefetch limited to published entries and to facts whose source article
is published, so a request costs the same few queries however much data
there is (tests/test_api.py holds the ceilings).
"""

import re

import django_filters
from django import forms
from django.db.models import Prefetch, Q
from drf_spectacular.drainage import set_override
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view, authentication_classes, schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from articles.models import Article, Person, Status

from . import serializers as s
from .models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    Competency,
    Level,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    Statement,
    TeamPosition,
    TeamStructure,
)

PUBLISHED = Status.PUBLISHED
SLUG_REGEX = "[-a-zA-Z0-9_]+"


# Building blocks for prefetches: each limits a relation to what readers may
# see and joins what the serializer touches.


def _tags():
    # taggit does not accept a custom queryset here; the serializer sorts.
    return "tags"


def _sources():
    return Prefetch("sources", queryset=Article.objects.published().order_by("title"))


def _facts(model, *linked):
    """Facts whose source article and linked entries are all published."""
    conditions = {"source__status": PUBLISHED}
    conditions.update({f"{name}__status": PUBLISHED for name in linked})
    return model.objects.filter(**conditions).select_related("source", "said_by", *linked)


def _statement_refs(lookup="statements"):
    return Prefetch(
        lookup,
        queryset=Statement.objects.published()
        .filter(source__status=PUBLISHED)
        .select_related("source"),
    )


def _example_refs(lookup="company_examples"):
    return Prefetch(
        lookup,
        queryset=CompanyExample.objects.published()
        .filter(source__status=PUBLISHED, company__status=PUBLISHED)
        .select_related("company"),
    )


def _responsibility_groups():
    return Prefetch(
        "responsibility_groups",
        queryset=_facts(ResponsibilityGroup).prefetch_related(
            Prefetch(
                "responsibilities",
                queryset=_facts(Responsibility).filter(status=PUBLISHED).select_related("level"),
            )
        ),
    )


def _public_responsibilities():
    return (
        Responsibility.objects.published()
        .filter(source__status=PUBLISHED, group__source__status=PUBLISHED)
        .filter(Q(group__role__status=PUBLISHED) | Q(group__team_structure__status=PUBLISHED))
    )


# Filters. Status is not among them: the API only ever shows published
# entries. An unknown level or tag matches nothing, which gives an empty list.


class AnyTextField(forms.CharField):
    """A text field that leaves judging the value to the filter."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Django refuses NUL characters with a 400; here any text that is not
        # a slug simply matches nothing, like any other unknown slug.
        self.validators = []


class SlugFilter(django_filters.CharFilter):
    """
    Filters on a slug. `also` adds conditions that must hold for the same
    related row (one filter() call), e.g. that the fact's source is published.
    Text that cannot be a slug matches nothing.
    """

    field_class = AnyTextField

    def __init__(self, *args, also=None, pattern=SLUG_REGEX, **kwargs):
        self.also = also or {}
        self.pattern = pattern
        super().__init__(*args, **kwargs)
        # In the schema: any text but NUL, which the site refuses in every URL
        # with a 400 (rolwijzer.middleware.RejectNullCharactersMiddleware).
        schema = {"type": "string", "pattern": "^[^\\x00]*$"}
        if self.label:
            schema["description"] = str(self.label)
        set_override(self, "field", schema)

    def filter(self, qs, value):
        if not value:
            return qs
        if not re.fullmatch(self.pattern, value):
            return qs.none()
        qs = qs.filter(**{self.field_name: value}, **self.also)
        return qs.distinct() if self.distinct else qs


class StrictBooleanField(forms.Field):
    """Exactly "true" or "false"; anything else is an error, not "no filter"."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError("Use true or false.", code="invalid")


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


def published_via(prefix, *linked):
    """Conditions that the fact at `prefix` and its linked entries are published."""
    conditions = {f"{prefix}__source__status": PUBLISHED}
    conditions.update({f"{prefix}__{name}__status": PUBLISHED for name in linked})
    return conditions


LEVEL_HELP = "Level slug: operationeel, tactisch or strategisch"


class TagFilterSet(django_filters.FilterSet):
    # Tag slugs keep accented letters ("carrière").
    tag = SlugFilter(
        field_name="tags__slug",
        distinct=True,
        pattern=r"[-\w]+",
        label="Tag slug, e.g. community-management or carrière",
    )


class RoleFilterSet(TagFilterSet):
    level = SlugFilter(
        field_name="role_levels__level__slug",
        also=published_via("role_levels", "level"),
        distinct=True,
        label=LEVEL_HELP,
    )

    class Meta:
        model = Role
        fields = ["level", "tag"]


class CompetencyFilterSet(TagFilterSet):
    role = SlugFilter(
        field_name="role_competencies__role__slug",
        also=published_via("role_competencies", "role"),
        distinct=True,
        label="Slug of a role that needs it",
    )

    class Meta:
        model = Competency
        fields = ["role", "tag"]


class ResponsibilityFilterSet(django_filters.FilterSet):
    level = SlugFilter(field_name="level__slug", label=LEVEL_HELP)
    role = SlugFilter(field_name="group__role__slug", label="Role slug")
    team_structure = SlugFilter(
        field_name="group__team_structure__slug", label="Team structure slug"
    )

    class Meta:
        model = Responsibility
        fields = ["level", "role", "team_structure"]


class TeamStructureFilterSet(TagFilterSet):
    class Meta:
        model = TeamStructure
        fields = ["tag"]


class CompanyFilterSet(TagFilterSet):
    class Meta:
        model = Company
        fields = ["tag"]


class CompanyExampleFilterSet(django_filters.FilterSet):
    company = SlugFilter(field_name="company__slug", label="Company slug")
    role = SlugFilter(field_name="roles__slug", distinct=True, label="Role slug")

    class Meta:
        model = CompanyExample
        fields = ["company", "role"]


class StatementFilterSet(TagFilterSet):
    kind = django_filters.ChoiceFilter(choices=Statement._meta.get_field("kind").choices)
    in_comment = StrictBooleanFilter(
        label="true: only positions taken in reader comments; false: only the articles' own"
    )
    article = SlugFilter(field_name="source__slug", label="Source article slug")
    role = SlugFilter(field_name="roles__slug", distinct=True, label="Role slug")

    class Meta:
        model = Statement
        fields = ["kind", "in_comment", "article", "role", "tag"]


class ArticleFilterSet(TagFilterSet):
    class Meta:
        model = Article
        fields = ["tag"]


class StrictPageNumberPagination(PageNumberPagination):
    """
    Pages of 50. A page parameter that is not one whole number (empty,
    repeated, "last", "1.5") is an unknown page, 404, rather than page 1.
    """

    page_size = 50
    last_page_strings = ()

    def get_page_number(self, request, paginator):
        values = request.query_params.getlist(self.page_query_param)
        if not values:
            return 1
        if len(values) > 1 or not re.fullmatch("[0-9]+", values[0]):
            raise NotFound(self.invalid_page_message.format(page_number="", message="?"))
        return int(values[0])


# Schema: every endpoint can answer 404 (unknown slug or page) and 400 (a
# malformed request); lists also answer 400 to a filter value outside its
# choices or a repeated parameter.


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class OpenDataSchema(AutoSchema):
    def get_tags(self):
        return [self.view.schema_tag]


def documented(serializer_class, plural, singular):
    not_found = OpenApiResponse(ErrorSerializer, description="Unknown slug or page.")
    malformed = OpenApiResponse(description="A malformed request, such as a NUL character.")
    return extend_schema_view(
        list=extend_schema(
            summary=f"List published {plural}",
            responses={
                200: serializer_class,
                400: OpenApiResponse(
                    description=(
                        "A filter value outside its choices, a parameter given twice, or a "
                        "malformed request such as a NUL character."
                    )
                ),
                404: not_found,
            },
        ),
        retrieve=extend_schema(
            summary=f"One published {singular}, by slug",
            responses={200: serializer_class, 400: malformed, 404: not_found},
        ),
    )


class OpenDataViewSet(viewsets.ReadOnlyModelViewSet):
    # Open data for anyone: no login, so no session or CSRF machinery either.
    authentication_classes = []
    lookup_field = "slug"
    lookup_value_regex = SLUG_REGEX
    pagination_class = StrictPageNumberPagination
    schema = OpenDataSchema()

    def list(self, request, *args, **kwargs):
        # Filters read one value per parameter and skip an empty one; for a
        # repeated parameter, or an empty value where only fixed choices are
        # valid, say so instead of silently ignoring it.
        params = request.query_params
        filters = getattr(self, "filterset_class", None)
        filters = filters.base_filters if filters else {}
        errors = {}
        for name in ("page", *filters):
            if len(params.getlist(name)) > 1:
                errors[name] = ["Give this parameter once."]
        for name, filter_ in filters.items():
            fixed = isinstance(filter_, django_filters.ChoiceFilter | django_filters.BooleanFilter)
            if fixed and params.get(name) == "":
                errors[name] = ["Choose one of the values."]
        if errors:
            raise ValidationError(errors)
        return super().list(request, *args, **kwargs)


@api_view(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
@authentication_classes([])
@schema(None)
def not_found(request, path=""):
    """Anything else under /api/ is a JSON 404, like an unknown slug."""
    raise NotFound()


@documented(s.RoleSerializer, "roles", "role")
class RoleViewSet(OpenDataViewSet):
    schema_tag = "roles"
    serializer_class = s.RoleSerializer
    filterset_class = RoleFilterSet
    queryset = Role.objects.published().prefetch_related(
        _tags(),
        _sources(),
        Prefetch("role_levels", queryset=_facts(RoleLevel, "level")),
        Prefetch("alternative_titles", queryset=_facts(AlternativeTitle)),
        Prefetch("role_competencies", queryset=_facts(RoleCompetency, "competency")),
        Prefetch("relations_out", queryset=_facts(RoleRelation, "to_role")),
        Prefetch("relations_in", queryset=_facts(RoleRelation, "from_role")),
        _responsibility_groups(),
        Prefetch(
            "team_positions",
            queryset=_facts(TeamPosition, "team_structure").order_by(
                "team_structure__name", "order"
            ),
        ),
        _example_refs(),
        _statement_refs(),
    )


@documented(s.CompetencySerializer, "competencies", "competency")
class CompetencyViewSet(OpenDataViewSet):
    schema_tag = "competencies"
    serializer_class = s.CompetencySerializer
    filterset_class = CompetencyFilterSet
    queryset = Competency.objects.published().prefetch_related(
        _tags(),
        _sources(),
        Prefetch(
            "role_competencies",
            queryset=_facts(RoleCompetency, "role").order_by("role__name", "order"),
        ),
        _statement_refs(),
    )


@documented(s.ResponsibilitySerializer, "responsibilities", "responsibility")
class ResponsibilityViewSet(OpenDataViewSet):
    schema_tag = "responsibilities"
    serializer_class = s.ResponsibilitySerializer
    filterset_class = ResponsibilityFilterSet
    queryset = _public_responsibilities().select_related(
        "source",
        "said_by",
        "level",
        "group__source",
        "group__said_by",
        "group__role",
        "group__team_structure",
    )


@documented(s.LevelSerializer, "levels", "level")
class LevelViewSet(OpenDataViewSet):
    schema_tag = "levels"
    serializer_class = s.LevelSerializer
    queryset = Level.objects.published().prefetch_related(
        Prefetch("role_levels", queryset=_facts(RoleLevel, "role").order_by("role__name")),
        Prefetch("responsibilities", queryset=_public_responsibilities()),
    )


@documented(s.TeamStructureSerializer, "team structures", "team structure")
class TeamStructureViewSet(OpenDataViewSet):
    schema_tag = "team structures"
    serializer_class = s.TeamStructureSerializer
    filterset_class = TeamStructureFilterSet
    queryset = TeamStructure.objects.published().prefetch_related(
        _tags(),
        _sources(),
        Prefetch("positions", queryset=_facts(TeamPosition, "role")),
        _responsibility_groups(),
        _example_refs(),
        _statement_refs(),
    )


@documented(s.CompanySerializer, "companies", "company")
class CompanyViewSet(OpenDataViewSet):
    schema_tag = "companies"
    serializer_class = s.CompanySerializer
    filterset_class = CompanyFilterSet
    queryset = Company.objects.published().prefetch_related(
        _tags(),
        _sources(),
        Prefetch(
            "examples",
            queryset=CompanyExample.objects.published()
            .filter(source__status=PUBLISHED)
            .select_related("company", "source", "said_by", "team_structure")
            .prefetch_related(Prefetch("roles", queryset=Role.objects.published())),
        ),
        _statement_refs(),
    )


@documented(s.CompanyExampleSerializer, "company examples", "company example")
class CompanyExampleViewSet(OpenDataViewSet):
    schema_tag = "company examples"
    serializer_class = s.CompanyExampleSerializer
    filterset_class = CompanyExampleFilterSet
    queryset = (
        CompanyExample.objects.published()
        .filter(source__status=PUBLISHED, company__status=PUBLISHED)
        .select_related("company", "source", "said_by", "team_structure")
        .prefetch_related(Prefetch("roles", queryset=Role.objects.published()))
    )


@documented(s.StatementSerializer, "statements", "statement")
class StatementViewSet(OpenDataViewSet):
    schema_tag = "statements"
    serializer_class = s.StatementSerializer
    filterset_class = StatementFilterSet
    queryset = (
        Statement.objects.published()
        .filter(source__status=PUBLISHED)
        .select_related("source", "said_by")
        .prefetch_related(
            _tags(),
            Prefetch("roles", queryset=Role.objects.published()),
            Prefetch("competencies", queryset=Competency.objects.published()),
            Prefetch("team_structures", queryset=TeamStructure.objects.published()),
            Prefetch("companies", queryset=Company.objects.published()),
        )
    )


@documented(s.ArticleSerializer, "articles", "article")
class ArticleViewSet(OpenDataViewSet):
    schema_tag = "articles"
    serializer_class = s.ArticleSerializer
    filterset_class = ArticleFilterSet
    queryset = Article.objects.published().prefetch_related(
        _tags(),
        Prefetch("authors", queryset=Person.objects.published()),
        _statement_refs("roles_statement_facts"),
    )


@documented(s.PersonSerializer, "people", "person")
class PersonViewSet(OpenDataViewSet):
    schema_tag = "people"
    serializer_class = s.PersonSerializer
    queryset = Person.objects.published().prefetch_related(
        Prefetch("authored_articles", queryset=Article.objects.published()),
        _statement_refs("roles_statement_facts"),
    )
