"""
The JSON shape of the open-data API.

Every entry carries `site_url`, the address of its page on Rolwijzer, and
every fact carries its `source` (the article it comes from) and, where the
article says who, `said_by`. The viewsets in roles/api.py hand these
serializers public entries only, with every relation prefetched from public
rows; a link a public fact may hold to an entry that is not public is
rendered as null (roles/ref_serializers.py).
"""

from rest_framework import serializers

from articles.models import Affiliation, Article, Organisation, Person

from .fact_serializers import (
    AlternativeTitleSerializer,
    CompetencyOfRoleSerializer,
    GroupOfResponsibilitySerializer,
    ResponsibilityGroupSerializer,
    RoleAtLevelSerializer,
    RoleCompetencySerializer,
    RoleLevelSerializer,
    RoleRelationInSerializer,
    RoleRelationOutSerializer,
    TeamPositionOfRoleSerializer,
    TeamPositionSerializer,
)
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
from .ref_serializers import (
    ArticleRefSerializer,
    CompanyExampleRefSerializer,
    CompanyRefSerializer,
    CompetencyRefSerializer,
    FactSerializer,
    PersonRefSerializer,
    PublicLevelField,
    PublicTeamStructureField,
    ResponsibilityRefSerializer,
    RoleRefSerializer,
    SiteURLField,
    StatementRefSerializer,
    TagSerializer,
    TeamStructureRefSerializer,
)


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


class ResponsibilitySerializer(FactSerializer):
    site_url = SiteURLField()
    level = PublicLevelField()
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


class LevelSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()
    roles = RoleAtLevelSerializer(source="role_levels", many=True, read_only=True)
    responsibilities = ResponsibilityRefSerializer(many=True, read_only=True)

    class Meta:
        model = Level
        fields = ["slug", "name", "order", "description", "site_url", "roles", "responsibilities"]


# Team structures.


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
    team_structure = PublicTeamStructureField()

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


class AffiliationSerializer(FactSerializer):
    """A person's place in an organisation, as an article states it."""

    person = PersonRefSerializer(read_only=True)

    class Meta:
        model = Affiliation
        fields = ["person", "function", "note", "source", "said_by"]


class OrganisationSerializer(serializers.ModelSerializer):
    site_url = SiteURLField()
    sources = ArticleRefSerializer(many=True, read_only=True)
    people = AffiliationSerializer(source="affiliations", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["slug", "name", "description", "site_url", "sources", "people"]
