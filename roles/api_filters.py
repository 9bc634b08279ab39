"""
The filters of the open-data API's lists.

A filter that names an entry by slug looks it up among public entries
only, so a draft and a slug that does not exist answer alike: an empty
list. Text that cannot be a slug matches nothing either. Status is not a
filter: the API only ever shows public entries.
"""

import re

import django_filters
from django import forms
from drf_spectacular.drainage import set_override

from articles.models import Article

from .models import (
    Company,
    CompanyExample,
    Competency,
    Level,
    Responsibility,
    Role,
    RoleCompetency,
    RoleLevel,
    Statement,
    TeamStructure,
)

SLUG_REGEX = "[-a-zA-Z0-9_]+"
LEVEL_HELP = "Level slug: operationeel, tactisch or strategisch"


class AnyTextField(forms.CharField):
    """A text field that leaves judging the value to the filter."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Django refuses NUL characters with a 400; here any text that is not
        # a slug simply matches nothing, like any other unknown slug.
        self.validators = []


class SlugFilter(django_filters.CharFilter):
    """Filters on a slug; text that cannot be a slug matches nothing."""

    field_class = AnyTextField

    def __init__(self, *args, pattern=SLUG_REGEX, **kwargs):
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
        return self.matching(qs, value)

    def matching(self, qs, value):
        qs = qs.filter(**{self.field_name: value})
        return qs.distinct() if self.distinct else qs


class PublicSlugFilter(SlugFilter):
    """
    The rows that `field_name` links to a public row of `entries` (a model)
    found by `slug_field`: the entry itself ("slug") or, for a link that is a fact
    such as a role's level, the entry the fact names ("level__slug"). A fact
    is public only with the entries it links, so the filter answers for the
    public link alone.
    """

    def __init__(self, *args, entries, slug_field="slug", **kwargs):
        self.entries, self.slug_field = entries, slug_field
        super().__init__(*args, **kwargs)

    def matching(self, qs, value):
        public = self.entries.objects.public().filter(**{self.slug_field: value})
        qs = qs.filter(**{f"{self.field_name}__in": public})
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


class TagFilterSet(django_filters.FilterSet):
    # A tag is public while a public entry carries it, and only public
    # entries are filtered: a tag that only drafts carry matches nothing, as
    # an unknown one. Tag slugs keep accented letters ("carrière").
    tag = SlugFilter(
        field_name="tags__slug",
        distinct=True,
        pattern=r"[-\w]+",
        label="Tag slug, e.g. community-management or carrière",
    )


class RoleFilterSet(TagFilterSet):
    level = PublicSlugFilter(
        field_name="role_levels",
        entries=RoleLevel,
        slug_field="level__slug",
        distinct=True,
        label=LEVEL_HELP,
    )

    class Meta:
        model = Role
        fields = ["level", "tag"]


class CompetencyFilterSet(TagFilterSet):
    role = PublicSlugFilter(
        field_name="role_competencies",
        entries=RoleCompetency,
        slug_field="role__slug",
        distinct=True,
        label="Slug of a role that needs it",
    )

    class Meta:
        model = Competency
        fields = ["role", "tag"]


class ResponsibilityFilterSet(django_filters.FilterSet):
    level = PublicSlugFilter(field_name="level", entries=Level, label=LEVEL_HELP)
    role = PublicSlugFilter(field_name="group__role", entries=Role, label="Role slug")
    team_structure = PublicSlugFilter(
        field_name="group__team_structure", entries=TeamStructure, label="Team structure slug"
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
    company = PublicSlugFilter(field_name="company", entries=Company, label="Company slug")
    role = PublicSlugFilter(field_name="roles", entries=Role, label="Role slug")

    class Meta:
        model = CompanyExample
        fields = ["company", "role"]


class StatementFilterSet(TagFilterSet):
    kind = django_filters.ChoiceFilter(choices=Statement._meta.get_field("kind").choices)
    in_comment = StrictBooleanFilter(
        label="true: only positions taken in reader comments; false: only the articles' own"
    )
    article = PublicSlugFilter(field_name="source", entries=Article, label="Source article slug")
    role = PublicSlugFilter(field_name="roles", entries=Role, label="Role slug")

    class Meta:
        model = Statement
        fields = ["kind", "in_comment", "article", "role", "tag"]


class ArticleFilterSet(TagFilterSet):
    class Meta:
        model = Article
        fields = ["tag"]
