"""
The debates in the read-only open-data API (/api/debates/), built on the
roles app's viewset, filters and serializers. Every prefetch takes public
rows only; a filter naming a draft or unknown slug answers as for a slug
that does not exist: an empty list.
"""

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article
from roles import api_filters as f
from roles.api import OpenDataViewSet, documented
from roles.models import Competency, Role, TeamStructure
from roles.ref_serializers import (
    ArticleRefSerializer,
    CompetencyRefSerializer,
    FactSerializer,
    PublicLink,
    RoleRefSerializer,
    SiteURLField,
    TagSerializer,
    TeamStructureRefSerializer,
    marking_public_links,
)

from .models import Debate, Position


class PositionRefSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()

    class Meta:
        model = Position
        fields = ["slug", "site_url"]


@extend_schema_field(PositionRefSerializer(allow_null=True))
class PublicPositionField(PublicLink):
    def __init__(self, **kwargs):
        super().__init__(PositionRefSerializer, **kwargs)


class PositionSerializer(FactSerializer):
    answers = PublicPositionField()

    class Meta:
        model = Position
        fields = [
            "slug",
            "order",
            "stance",
            "quote",
            "in_comment",
            "said_on",
            "answers",
            "source",
            "said_by",
        ]


class DebateSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()
    positions = PositionSerializer(many=True, read_only=True)
    roles = RoleRefSerializer(many=True, read_only=True)
    team_structures = TeamStructureRefSerializer(many=True, read_only=True)
    competencies = CompetencyRefSerializer(many=True, read_only=True)
    sources = ArticleRefSerializer(many=True, read_only=True)
    tags = TagSerializer(many=True, read_only=True)

    class Meta:
        model = Debate
        fields = [
            "slug",
            "question",
            "summary",
            "positions",
            "roles",
            "team_structures",
            "competencies",
            "sources",
            "tags",
            "site_url",
        ]


class DebateFilterSet(f.TagFilterSet):
    role = f.PublicSlugFilter(field_name="roles", entries=Role, label="Role slug")
    team_structure = f.PublicSlugFilter(
        field_name="team_structures", entries=TeamStructure, label="Team structure slug"
    )
    competency = f.PublicSlugFilter(
        field_name="competencies", entries=Competency, label="Competency slug"
    )
    # A debate takes part in an article through a public position sourced by it.
    article = f.PublicSlugFilter(
        field_name="positions",
        entries=Position,
        slug_field="source__slug",
        distinct=True,
        label="Slug of an article with a position in the debate",
    )

    class Meta:
        model = Debate
        fields = ["role", "team_structure", "competency", "article", "tag"]


def _positions():
    return marking_public_links(Position.objects.public(), "said_by", "answers").order_by("order")


@documented(DebateSerializer, "debates", "debate")
class DebateViewSet(OpenDataViewSet):
    schema_tag = "debates"
    serializer_class = DebateSerializer
    filterset_class = DebateFilterSet
    queryset = (
        Debate.objects.public()
        .order_by("question")
        .prefetch_related(
            "tags",
            Prefetch("positions", queryset=_positions()),
            Prefetch("roles", queryset=Role.objects.public()),
            Prefetch("team_structures", queryset=TeamStructure.objects.public()),
            Prefetch("competencies", queryset=Competency.objects.public()),
            Prefetch("sources", queryset=Article.objects.public().order_by("title")),
        )
    )
