"""
The read-only open-data API: one viewset per kind of entry, looked up by
slug, public entries only (their filters are in roles/api_filters.py).

Each viewset's queryset prefetches everything its serializer renders, each
prefetch from the linked model's public() rows, so a request costs the same
few queries however much data there is (tests/test_api.py holds the
ceilings).
"""

import re

import django_filters
from django.db.models import Prefetch
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

from articles.models import Affiliation, Article, Organisation, Person

from . import api_filters as f
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
from .ref_serializers import marking_public_links

# Building blocks for prefetches: each takes public rows only and joins
# what the serializer touches.


def _tags():
    # taggit does not accept a custom queryset here; the serializer sorts.
    return "tags"


def _sources():
    return Prefetch("sources", queryset=Article.objects.public().order_by("title"))


def _facts(model, *linked):
    """Public facts, with the entries they link and whether who said each is public."""
    facts = marking_public_links(model.objects.public(), "said_by")
    # select_related() without names would drop the speaker public() joins.
    return facts.select_related(*linked) if linked else facts


def _statement_refs(lookup="statements"):
    return Prefetch(lookup, queryset=Statement.objects.public())


def _example_refs(lookup="company_examples"):
    return Prefetch(lookup, queryset=CompanyExample.objects.public())


def _responsibilities():
    return marking_public_links(Responsibility.objects.public(), "said_by", "level").select_related(
        "level"
    )


def _responsibility_groups():
    return Prefetch(
        "responsibility_groups",
        queryset=_facts(ResponsibilityGroup).prefetch_related(
            Prefetch("responsibilities", queryset=_responsibilities())
        ),
    )


def _examples():
    return marking_public_links(
        CompanyExample.objects.public(), "said_by", "team_structure"
    ).prefetch_related(Prefetch("roles", queryset=Role.objects.public()))


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
    lookup_value_regex = f.SLUG_REGEX
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
    filterset_class = f.RoleFilterSet
    queryset = Role.objects.public().prefetch_related(
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
    filterset_class = f.CompetencyFilterSet
    queryset = Competency.objects.public().prefetch_related(
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
    filterset_class = f.ResponsibilityFilterSet
    # The group's speaker is marked in a query of its own: it cannot be
    # annotated on the group through the responsibility's join.
    queryset = _responsibilities().prefetch_related(
        Prefetch("group", queryset=_facts(ResponsibilityGroup, "role", "team_structure"))
    )


@documented(s.LevelSerializer, "levels", "level")
class LevelViewSet(OpenDataViewSet):
    schema_tag = "levels"
    serializer_class = s.LevelSerializer
    queryset = Level.objects.public().prefetch_related(
        Prefetch("role_levels", queryset=_facts(RoleLevel, "role").order_by("role__name")),
        Prefetch("responsibilities", queryset=Responsibility.objects.public()),
    )


@documented(s.TeamStructureSerializer, "team structures", "team structure")
class TeamStructureViewSet(OpenDataViewSet):
    schema_tag = "team structures"
    serializer_class = s.TeamStructureSerializer
    filterset_class = f.TeamStructureFilterSet
    queryset = TeamStructure.objects.public().prefetch_related(
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
    filterset_class = f.CompanyFilterSet
    queryset = Company.objects.public().prefetch_related(
        _tags(),
        _sources(),
        Prefetch("examples", queryset=_examples()),
        _statement_refs(),
    )


@documented(s.CompanyExampleSerializer, "company examples", "company example")
class CompanyExampleViewSet(OpenDataViewSet):
    schema_tag = "company examples"
    serializer_class = s.CompanyExampleSerializer
    filterset_class = f.CompanyExampleFilterSet
    queryset = _examples()


@documented(s.StatementSerializer, "statements", "statement")
class StatementViewSet(OpenDataViewSet):
    schema_tag = "statements"
    serializer_class = s.StatementSerializer
    filterset_class = f.StatementFilterSet
    queryset = marking_public_links(Statement.objects.public(), "said_by").prefetch_related(
        _tags(),
        Prefetch("roles", queryset=Role.objects.public()),
        Prefetch("competencies", queryset=Competency.objects.public()),
        Prefetch("team_structures", queryset=TeamStructure.objects.public()),
        Prefetch("companies", queryset=Company.objects.public()),
    )


@documented(s.ArticleSerializer, "articles", "article")
class ArticleViewSet(OpenDataViewSet):
    schema_tag = "articles"
    serializer_class = s.ArticleSerializer
    filterset_class = f.ArticleFilterSet
    queryset = Article.objects.public().prefetch_related(
        _tags(),
        Prefetch("authors", queryset=Person.objects.public()),
        _statement_refs("roles_statement_facts"),
    )


@documented(s.PersonSerializer, "people", "person")
class PersonViewSet(OpenDataViewSet):
    schema_tag = "people"
    serializer_class = s.PersonSerializer
    queryset = Person.objects.public().prefetch_related(
        Prefetch("authored_articles", queryset=Article.objects.public()),
        _statement_refs("roles_statement_facts"),
    )


@documented(s.OrganisationSerializer, "organisations", "organisation")
class OrganisationViewSet(OpenDataViewSet):
    schema_tag = "organisations"
    serializer_class = s.OrganisationSerializer
    queryset = Organisation.objects.public().prefetch_related(
        _sources(),
        Prefetch(
            "affiliations",
            queryset=marking_public_links(Affiliation.objects.public(), "said_by")
            .select_related("person", "source", "said_by")
            .order_by("person__name", "pk"),
        ),
    )


# The viewsets written for the kinds of this app and of articles; the router
# (roles/api_kinds.py) serves every other kind with pages from its declaration.
VIEWSETS = [
    RoleViewSet,
    CompetencyViewSet,
    ResponsibilityViewSet,
    LevelViewSet,
    TeamStructureViewSet,
    CompanyViewSet,
    CompanyExampleViewSet,
    StatementViewSet,
    ArticleViewSet,
    PersonViewSet,
    OrganisationViewSet,
]
