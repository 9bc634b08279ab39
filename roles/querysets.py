"""
What the pages of roles, competencies, levels, team structures and companies
load. Each page names one queryset method (for_list, for_detail) that loads
everything it shows in a fixed number of queries, whatever the size of the
data. Every related row comes through `public()`, so a page never shows or
links to anything a reader may not see.
"""

from django.db.models import Prefetch
from django.utils.functional import cached_property

from articles.models import Article, count_of
from editorial.models import EntryQuerySet, Status, visibility

from . import entry_counts
from .facts import AlternativeTitle, RoleCompetency, RoleLevel, RoleRelation, TeamPosition
from .sourced_entries import CompanyExample, Responsibility, ResponsibilityGroup, Statement

PUBLISHED = Status.PUBLISHED


def source_count(model, through):
    """How many published articles describe the entry (shown on its card)."""
    relation = model._meta.get_field(through)
    rows = relation.related_model.objects.filter(visibility(Article, prefix="article__"))
    return count_of(rows, relation.field.name)


def public_count(model, relation, counted, stored=None):
    """How many distinct `counted` the entry has through public facts."""
    relation = model._meta.get_field(relation)
    rows = relation.related_model.objects.public()
    return count_of(rows, relation.field.name, counted, stored=stored)


def public_levels():
    return Prefetch("role_levels", queryset=RoleLevel.objects.public().select_related("level"))


# The first links an entry's page shows of a kind that grows with the
# knowledge (the roles that need a competency, the roles at a level); the
# role and responsibility lists, filtered to the entry, hold them all.
LINK_PREVIEW = 20


def first_rows(rows, *order, limit=LINK_PREVIEW):
    """
    The first `limit` of `rows` in `order` (their default order without
    one), for an entry's page, which gives their total and links to the
    list of all of them. Not a sliced prefetch: that numbers every row of
    the entry, all columns and joins included, to keep a few, and an entry
    may have thousands. The keys come first, sorted in a narrow query, and
    only the rows they name are read, with what the page shows: one query,
    as a prefetch (the busiest competency's roles at 100 000 articles: 50 ms
    as a sliced prefetch).
    """
    if order:
        rows = rows.order_by(*order)
    keys = rows.select_related(None).values("pk")[:limit]
    return list(rows.filter(pk__in=keys))


class StatementPreview:
    """
    For entries that statements are about (roles, competencies, team
    structures, companies): the first few public statements.
    """

    @cached_property
    def statement_preview(self):
        return first_rows(self.statements.public(), limit=Statement.page_preview)


class LevelPreview:
    """For a level's page: the first roles and tasks at the level."""

    @cached_property
    def role_preview(self):
        # A role with several sources for its level has several rows; the
        # page groups them, so the preview may end mid-role.
        rows = RoleLevel.objects.public().filter(level=self).select_related("role")
        return first_rows(rows, "role__name", "source__title")

    @cached_property
    def responsibility_preview(self):
        return first_rows(Responsibility.objects.public().filter(level=self), "name")


class CompetencyPreview(StatementPreview):
    """For a competency's page: the first roles that need it."""

    @cached_property
    def role_preview(self):
        rows = RoleCompetency.objects.public().filter(competency=self).select_related("role")
        return first_rows(rows, "importance", "role__name")


def statement_count(relation):
    """How many public statements are about the entry, through `relation`."""
    return count_of(Statement.objects.public(), relation, stored=entry_counts.about(relation))


def published_sources():
    return Prefetch("sources", queryset=Article.objects.public().for_list())


def public_examples(relation):
    """Company examples with the public roles they name."""
    roles = CompanyExample._meta.get_field("roles").related_model
    return Prefetch(
        relation,
        queryset=CompanyExample.objects.public().prefetch_related(
            Prefetch("roles", queryset=roles.objects.public())
        ),
    )


def public_groups():
    """Responsibility groups with their published responsibilities, in order."""
    return [
        Prefetch("responsibility_groups", queryset=ResponsibilityGroup.objects.public()),
        Prefetch(
            "responsibility_groups__responsibilities",
            queryset=Responsibility.objects.public().select_related("level"),
        ),
    ]


def public_variants():
    """
    The roles that are a variant of this one (their `variant_of` relations,
    into `variant_relations`), each with its own competencies and
    responsibility groups: a role whose knowledge the articles give through
    its variants (the conversation manager) shows it under their names.
    """
    return [
        Prefetch(
            "relations_in",
            queryset=RoleRelation.objects.public()
            .filter(kind="variant_of")
            .select_related("from_role")
            .order_by("from_role__name", "pk"),
            to_attr="variant_relations",
        ),
        Prefetch(
            "variant_relations__from_role__role_competencies",
            queryset=RoleCompetency.objects.public().select_related("competency"),
        ),
        Prefetch(
            "variant_relations__from_role__responsibility_groups",
            queryset=ResponsibilityGroup.objects.public(),
        ),
        Prefetch(
            "variant_relations__from_role__responsibility_groups__responsibilities",
            queryset=Responsibility.objects.public().select_related("level"),
        ),
    ]


class LevelQuerySet(EntryQuerySet):
    def for_list(self):
        # Explicit order: Meta.ordering does not apply to GROUP BY queries.
        return self.order_by("order").annotate(
            role_count=public_count(self.model, "role_levels", "role", entry_counts.LEVEL_ROLES)
        )

    def for_detail(self):
        return self.for_list().annotate(
            responsibility_count=count_of(
                Responsibility.objects.public(),
                "level",
                stored=entry_counts.LEVEL_RESPONSIBILITIES,
            )
        )


class RoleQuerySet(EntryQuerySet):
    def for_list(self):
        return (
            self.order_by("name")
            .annotate(source_count=source_count(self.model, "rolesource"))
            .prefetch_related(public_levels())
        )

    def for_detail(self):
        return (
            self.for_list()
            .annotate(statement_count=statement_count("roles"))
            .prefetch_related(
                "tags",
                published_sources(),
                public_examples("company_examples"),
                *public_groups(),
                *public_variants(),
                Prefetch("alternative_titles", queryset=AlternativeTitle.objects.public()),
                Prefetch(
                    "role_competencies",
                    queryset=RoleCompetency.objects.public().select_related("competency"),
                ),
                Prefetch(
                    "relations_out",
                    queryset=RoleRelation.objects.public().select_related("to_role"),
                ),
                Prefetch(
                    "relations_in",
                    queryset=RoleRelation.objects.public()
                    .select_related("from_role")
                    .order_by("kind", "from_role__name"),
                ),
                Prefetch(
                    "team_positions",
                    queryset=TeamPosition.objects.public()
                    .select_related("team_structure")
                    .order_by("team_structure__name"),
                ),
            )
        )


class CompetencyQuerySet(EntryQuerySet):
    def for_list(self):
        return self.order_by("name").annotate(
            source_count=source_count(self.model, "competencysource"),
            role_count=public_count(self.model, "role_competencies", "role"),
        )

    def for_detail(self):
        return (
            self.for_list()
            .annotate(statement_count=statement_count("competencies"))
            .prefetch_related("tags", published_sources())
        )


class TeamStructureQuerySet(EntryQuerySet):
    def for_list(self):
        return self.order_by("name").annotate(
            source_count=source_count(self.model, "teamstructuresource")
        )

    def for_detail(self):
        return (
            self.for_list()
            .annotate(statement_count=statement_count("team_structures"))
            .prefetch_related(
                "tags",
                published_sources(),
                *public_groups(),
                Prefetch(
                    "positions",
                    queryset=TeamPosition.objects.public().select_related("role"),
                ),
                Prefetch("company_examples", queryset=CompanyExample.objects.public()),
            )
        )


class CompanyQuerySet(EntryQuerySet):
    def for_list(self):
        return self.order_by("name").annotate(
            source_count=source_count(self.model, "companysource")
        )

    def for_detail(self):
        return (
            self.for_list()
            .annotate(statement_count=statement_count("companies"))
            .prefetch_related(
                "tags",
                published_sources(),
                public_examples("examples"),
            )
        )
