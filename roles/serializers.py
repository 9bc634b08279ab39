"""
The JSON shape of the open-data API.

Every entry carries `site_url`, the address of its page on Rolwijzer, and
every fact carries its `source` (the article it comes from) and, where the
article says who, `said_by`. The viewsets in roles/api.py hand these
serializers querysets that hold published entries only and prefetch every
relation; a linked entry that is still a draft is rendered as null (or left
out of a list) so that nothing unpublished leaks through a link.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from articles.models import Article, Person, Status

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


class ArticleRefSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()

    class Meta:
        model = Article
        fields = ["slug", "title", "site_url"]


class PersonRefSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()

    class Meta:
        model = Person
        fields = ["slug", "name", "site_url"]


def _named_ref(model_class):
    class Ref(serializers.ModelSerializer):
        site_url = SiteURLField()

        class Meta:
            model = model_class
            fields = ["slug", "name", "site_url"]

    Ref.__name__ = f"{model_class.__name__}RefSerializer"
    return Ref


RoleRefSerializer = _named_ref(Role)
CompetencyRefSerializer = _named_ref(Competency)
LevelRefSerializer = _named_ref(Level)
TeamStructureRefSerializer = _named_ref(TeamStructure)
CompanyRefSerializer = _named_ref(Company)
ResponsibilityRefSerializer = _named_ref(Responsibility)


class CompanyExampleRefSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()

    class Meta:
        model = CompanyExample
        fields = ["slug", "title", "site_url"]


class StatementRefSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()

    class Meta:
        model = Statement
        fields = ["slug", "kind", "site_url"]


class PublishedRef(serializers.Field):
    """
    A link to one other entry, or null when there is none or when that entry
    is still a draft.
    """

    def __init__(self, ref_serializer, **kwargs):
        self.ref_serializer = ref_serializer
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        if value is None or getattr(value, "status", Status.PUBLISHED) != Status.PUBLISHED:
            return None
        return value

    def to_representation(self, value):
        return self.ref_serializer(value, context=self.context).data


# drf-spectacular reads the schema of a field class from this decorator, so
# each kind of link gets its own small subclass.


def _published_ref_field(ref_serializer):
    @extend_schema_field(ref_serializer(allow_null=True))
    class Field(PublishedRef):
        def __init__(self, **kwargs):
            super().__init__(ref_serializer, **kwargs)

    return Field


PublishedPersonField = _published_ref_field(PersonRefSerializer)
PublishedLevelField = _published_ref_field(LevelRefSerializer)
PublishedRoleField = _published_ref_field(RoleRefSerializer)
PublishedTeamStructureField = _published_ref_field(TeamStructureRefSerializer)


class FactSerializer(serializers.ModelSerializer):
    """Base for every sourced fact: where it comes from and who said it."""

    source = ArticleRefSerializer(read_only=True)
    said_by = PublishedPersonField()


# Facts about roles, as seen from the role.


class RoleLevelSerializer(FactSerializer):
    level = LevelRefSerializer(read_only=True)

    class Meta:
        model = RoleLevel
        fields = ["level", "note", "source", "said_by"]


class AlternativeTitleSerializer(FactSerializer):
    class Meta:
        model = AlternativeTitle
        fields = ["title", "note", "source", "said_by"]


class RoleCompetencySerializer(FactSerializer):
    competency = CompetencyRefSerializer(read_only=True)

    class Meta:
        model = RoleCompetency
        fields = ["competency", "importance", "explanation", "order", "source", "said_by"]


class RoleRelationOutSerializer(FactSerializer):
    role = RoleRefSerializer(source="to_role", read_only=True)

    class Meta:
        model = RoleRelation
        fields = ["kind", "role", "note", "source", "said_by"]


class RoleRelationInSerializer(FactSerializer):
    role = RoleRefSerializer(source="from_role", read_only=True)

    class Meta:
        model = RoleRelation
        fields = ["kind", "role", "note", "source", "said_by"]


class ResponsibilityInGroupSerializer(FactSerializer):
    site_url = SiteURLField()
    level = PublishedLevelField()

    class Meta:
        model = Responsibility
        fields = ["slug", "name", "description", "level", "order", "site_url", "source", "said_by"]


class ResponsibilityGroupSerializer(FactSerializer):
    responsibilities = ResponsibilityInGroupSerializer(many=True, read_only=True)

    class Meta:
        model = ResponsibilityGroup
        fields = ["slug", "name", "description", "order", "responsibilities", "source", "said_by"]


class TeamPositionOfRoleSerializer(FactSerializer):
    team_structure = TeamStructureRefSerializer(read_only=True)

    class Meta:
        model = TeamPosition
        fields = [
            "team_structure",
            "is_lead",
            "placement",
            "count",
            "count_note",
            "description",
            "source",
            "said_by",
        ]


class RoleSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()
    tags = TagSerializer(many=True, read_only=True)
    sources = ArticleRefSerializer(many=True, read_only=True)
    levels = RoleLevelSerializer(source="role_levels", many=True, read_only=True)
    alternative_titles = AlternativeTitleSerializer(many=True, read_only=True)
    competencies = RoleCompetencySerializer(source="role_competencies", many=True, read_only=True)
    relations = RoleRelationOutSerializer(source="relations_out", many=True, read_only=True)
    related_from = RoleRelationInSerializer(source="relations_in", many=True, read_only=True)
    responsibility_groups = ResponsibilityGroupSerializer(many=True, read_only=True)
    team_positions = TeamPositionOfRoleSerializer(many=True, read_only=True)
    company_examples = CompanyExampleRefSerializer(many=True, read_only=True)
    statements = StatementRefSerializer(many=True, read_only=True)

    class Meta:
        model = Role
        fields = [
            "slug",
            "name",
            "summary",
            "description",
            "site_url",
            "levels",
            "alternative_titles",
            "competencies",
            "relations",
            "related_from",
            "responsibility_groups",
            "team_positions",
            "company_examples",
            "statements",
            "tags",
            "sources",
        ]


# Competencies.


class CompetencyOfRoleSerializer(FactSerializer):
    role = RoleRefSerializer(read_only=True)

    class Meta:
        model = RoleCompetency
        fields = ["role", "importance", "explanation", "source", "said_by"]


class CompetencySerializer(serializers.ModelSerializer):
    site_url = SiteURLField()
    tags = TagSerializer(many=True, read_only=True)
    sources = ArticleRefSerializer(many=True, read_only=True)
    roles = CompetencyOfRoleSerializer(source="role_competencies", many=True, read_only=True)
    statements = StatementRefSerializer(many=True, read_only=True)

    class Meta:
        model = Competency
        fields = [
            "slug",
            "name",
            "summary",
            "description",
            "site_url",
            "roles",
            "statements",
            "tags",
            "sources",
        ]


# Responsibilities, on their own.


class GroupOfResponsibilitySerializer(FactSerializer):
    role = PublishedRoleField()
    team_structure = PublishedTeamStructureField()

    class Meta:
        model = ResponsibilityGroup
        fields = ["slug", "name", "description", "role", "team_structure", "source", "said_by"]


class ResponsibilitySerializer(FactSerializer):
    site_url = SiteURLField()
    level = PublishedLevelField()
    group = GroupOfResponsibilitySerializer(read_only=True)

    class Meta:
        model = Responsibility
        fields = [
            "slug",
            "name",
            "description",
            "level",
            "group",
            "order",
            "site_url",
            "source",
            "said_by",
        ]


# Levels.


class RoleAtLevelSerializer(FactSerializer):
    role = RoleRefSerializer(read_only=True)

    class Meta:
        model = RoleLevel
        fields = ["role", "note", "source", "said_by"]


class LevelSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()
    roles = RoleAtLevelSerializer(source="role_levels", many=True, read_only=True)
    responsibilities = ResponsibilityRefSerializer(many=True, read_only=True)

    class Meta:
        model = Level
        fields = ["slug", "name", "order", "description", "site_url", "roles", "responsibilities"]


# Team structures.


class TeamPositionSerializer(FactSerializer):
    role = RoleRefSerializer(read_only=True)

    class Meta:
        model = TeamPosition
        fields = [
            "role",
            "is_lead",
            "placement",
            "count",
            "count_note",
            "description",
            "order",
            "source",
            "said_by",
        ]


class TeamStructureSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()
    tags = TagSerializer(many=True, read_only=True)
    sources = ArticleRefSerializer(many=True, read_only=True)
    positions = TeamPositionSerializer(many=True, read_only=True)
    responsibility_groups = ResponsibilityGroupSerializer(many=True, read_only=True)
    company_examples = CompanyExampleRefSerializer(many=True, read_only=True)
    statements = StatementRefSerializer(many=True, read_only=True)

    class Meta:
        model = TeamStructure
        fields = [
            "slug",
            "name",
            "summary",
            "description",
            "company_size",
            "integration_stage",
            "site_url",
            "positions",
            "responsibility_groups",
            "company_examples",
            "statements",
            "tags",
            "sources",
        ]


# Companies and what they did.


class CompanyExampleSerializer(FactSerializer):
    site_url = SiteURLField()
    company = CompanyRefSerializer(read_only=True)
    roles = RoleRefSerializer(many=True, read_only=True)
    team_structure = PublishedTeamStructureField()

    class Meta:
        model = CompanyExample
        fields = [
            "slug",
            "title",
            "company",
            "description",
            "figures",
            "team_size",
            "roles",
            "team_structure",
            "site_url",
            "source",
            "said_by",
        ]


class ExampleOfCompanySerializer(CompanyExampleSerializer):
    class Meta(CompanyExampleSerializer.Meta):
        fields = [f for f in CompanyExampleSerializer.Meta.fields if f != "company"]


class CompanySerializer(serializers.ModelSerializer):
    site_url = SiteURLField()
    tags = TagSerializer(many=True, read_only=True)
    sources = ArticleRefSerializer(many=True, read_only=True)
    examples = ExampleOfCompanySerializer(many=True, read_only=True)
    statements = StatementRefSerializer(many=True, read_only=True)

    class Meta:
        model = Company
        fields = [
            "slug",
            "name",
            "description",
            "country",
            "sector",
            "site_url",
            "examples",
            "statements",
            "tags",
            "sources",
        ]


# Statements: findings, figures, advice and positions from the articles and
# their comments.


class StatementSerializer(FactSerializer):
    site_url = SiteURLField()
    roles = RoleRefSerializer(many=True, read_only=True)
    competencies = CompetencyRefSerializer(many=True, read_only=True)
    team_structures = TeamStructureRefSerializer(many=True, read_only=True)
    companies = CompanyRefSerializer(many=True, read_only=True)
    tags = TagSerializer(many=True, read_only=True)

    class Meta:
        model = Statement
        fields = [
            "slug",
            "kind",
            "text",
            "quote",
            "in_comment",
            "said_on",
            "roles",
            "competencies",
            "team_structures",
            "companies",
            "tags",
            "site_url",
            "source",
            "said_by",
        ]


# Articles and people.


class ArticleSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()
    authors = PersonRefSerializer(many=True, read_only=True)
    tags = TagSerializer(many=True, read_only=True)
    statements = StatementRefSerializer(source="roles_statement_facts", many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "title_is_descriptive",
            "publication",
            "authors",
            "published_on",
            "language",
            "url",
            "summary",
            "stated_comment_count",
            "site_url",
            "statements",
            "tags",
        ]
        extra_kwargs = {"url": {"help_text": "The article's own address, where known."}}


class PersonSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()
    articles = ArticleRefSerializer(source="authored_articles", many=True, read_only=True)
    statements = StatementRefSerializer(source="roles_statement_facts", many=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "affiliation",
            "description",
            "site_url",
            "articles",
            "statements",
        ]
