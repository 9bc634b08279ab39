"""
The knowledge of the articles as relational data.

Entries (roles, competencies, team structures, companies, levels,
responsibilities, statements) have a slug, a page and a publication status.
Facts that link entries (a role needs a competency, a role has an alternative
title, a team has a position, ...) each carry the article they come from and,
where the article says so, the person who said it.
"""

from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.models import (
    Article,
    Curated,
    CuratedQuerySet,
    FactQuerySet,
    SluggedManager,
    Sourced,
    Status,
)
from rolwijzer.search import ImmutableUnaccent, JoinedText, SearchQuerySetMixin, text

PUBLISHED = Status.PUBLISHED

# Reading. Each page names one queryset method (for_list, for_detail) that
# loads everything it shows in a fixed number of queries, whatever the size
# of the data. Related entries are filtered to published ones, so a page
# never links to a draft.


def source_count(through):
    """How many published articles describe the entry (shown on its card)."""
    return Count(through, filter=Q(**{f"{through}__article__status": PUBLISHED}), distinct=True)


def public_levels():
    return Prefetch(
        "role_levels",
        queryset=RoleLevel.objects.public().filter(level__status=PUBLISHED).select_related("level"),
    )


# An entry may be the subject of thousands of statements. Its page shows the
# first few (a sliced prefetch: one query for the page, however many there
# are) with their total, and links to the paginated list of all of them.
STATEMENT_PREVIEW = 10
# The first links an entry's page shows of a kind that grows with the
# knowledge (the roles that need a competency, the roles at a level); the
# role and responsibility lists, filtered to the entry, hold them all.
LINK_PREVIEW = 20


def public_statements():
    # Django applies a sliced prefetch only with to_attr.
    return Prefetch(
        "statements",
        queryset=Statement.objects.public()[:STATEMENT_PREVIEW],
        to_attr="statement_preview",
    )


def count_of(rows, relation):
    """
    How many of `rows` point at the entry through `relation`: one subquery
    per entry, kept out of GROUP BY (see OutsideGroupBy).
    """
    counted = (
        rows.filter(**{relation: OuterRef("pk")})
        .order_by()
        .values(relation)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return OutsideGroupBy(Coalesce(Subquery(counted), 0))


def statement_count(relation):
    """How many public statements are about the entry, through `relation`."""
    return count_of(Statement.objects.published().filter(source__status=PUBLISHED), relation)


class OutsideGroupBy(models.Func):
    """
    An expression of the entry's own key, kept out of GROUP BY. Django puts a
    subquery annotation into GROUP BY, where the database evaluates it once
    per joined row of the other (aggregated) annotations instead of once per
    entry: seconds instead of milliseconds for an entry with many sources
    and links.
    """

    template = "%(expressions)s"
    output_field = models.IntegerField()

    def get_group_by_cols(self):
        return []


def published_sources():
    return Prefetch("sources", queryset=Article.objects.published().for_list())


def public_examples():
    return Prefetch(
        "company_examples",
        queryset=CompanyExample.objects.public().prefetch_related(
            Prefetch("roles", queryset=Role.objects.published())
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


class LevelQuerySet(SearchQuerySetMixin, CuratedQuerySet):
    def for_list(self):
        # Explicit order: Meta.ordering does not apply to GROUP BY queries.
        return self.order_by("order").annotate(
            role_count=Count(
                "role_levels__role",
                filter=Q(
                    role_levels__role__status=PUBLISHED,
                    role_levels__source__status=PUBLISHED,
                ),
                distinct=True,
            )
        )

    def for_detail(self):
        return (
            self.for_list()
            .annotate(responsibility_count=count_of(Responsibility.objects.public(), "level"))
            .prefetch_related(
                # A role with several sources for its level has several rows;
                # the page groups them, so the preview may end mid-role.
                Prefetch(
                    "role_levels",
                    queryset=RoleLevel.objects.public()
                    .filter(role__status=PUBLISHED)
                    .select_related("role")
                    .order_by("role__name", "source__title")[:LINK_PREVIEW],
                    to_attr="role_preview",
                ),
                Prefetch(
                    "responsibilities",
                    queryset=Responsibility.objects.public().order_by("name")[:LINK_PREVIEW],
                    to_attr="responsibility_preview",
                ),
            )
        )


class RoleQuerySet(SearchQuerySetMixin, CuratedQuerySet):
    def alternative_titles_text(self):
        """A role's published alternative titles as one string, for search."""
        return Subquery(
            AlternativeTitle.objects.filter(role=OuterRef("pk"), source__status=PUBLISHED)
            .order_by()
            .values("role")
            .annotate(titles=JoinedText("title"))
            .values("titles")
        )

    def search_fields_for(self):
        return {
            "A": ["name", self.alternative_titles_text()],
            "B": ["summary"],
            "C": ["description"],
        }

    def search_name_expressions(self):
        return [text("name"), text(self.alternative_titles_text())]

    def search_name_condition(self, word):
        titles = AlternativeTitle.objects.filter(source__status=PUBLISHED).filter(
            title__rolwijzer_folded__trigram_word_similar=ImmutableUnaccent(Value(word))
        )
        return super().search_name_condition(word) | Q(pk__in=titles.values("role_id"))

    def search(self, query):
        return (
            super()
            .search(query)
            .annotate(search_titles=self.alternative_titles_text())
            .prefetch_related(public_levels())
        )

    def for_list(self):
        return (
            self.order_by("name")
            .annotate(source_count=source_count("rolesource"))
            .prefetch_related(public_levels())
        )

    def for_detail(self):
        return (
            self.for_list()
            .annotate(statement_count=statement_count("roles"))
            .prefetch_related(
                "tags",
                published_sources(),
                public_statements(),
                public_examples(),
                *public_groups(),
                Prefetch("alternative_titles", queryset=AlternativeTitle.objects.public()),
                Prefetch(
                    "role_competencies",
                    queryset=RoleCompetency.objects.public()
                    .filter(competency__status=PUBLISHED)
                    .select_related("competency"),
                ),
                Prefetch(
                    "relations_out",
                    queryset=RoleRelation.objects.public()
                    .filter(to_role__status=PUBLISHED)
                    .select_related("to_role"),
                ),
                Prefetch(
                    "relations_in",
                    queryset=RoleRelation.objects.public()
                    .filter(from_role__status=PUBLISHED)
                    .select_related("from_role")
                    .order_by("kind", "from_role__name"),
                ),
                Prefetch(
                    "team_positions",
                    queryset=TeamPosition.objects.public()
                    .filter(team_structure__status=PUBLISHED)
                    .select_related("team_structure")
                    .order_by("team_structure__name"),
                ),
            )
        )


class CompetencyQuerySet(SearchQuerySetMixin, CuratedQuerySet):
    search_fields = {"A": ["name"], "B": ["summary"], "C": ["description"]}

    def for_list(self):
        return self.order_by("name").annotate(
            source_count=source_count("competencysource"),
            role_count=Count(
                "role_competencies__role",
                filter=Q(
                    role_competencies__role__status=PUBLISHED,
                    role_competencies__source__status=PUBLISHED,
                ),
                distinct=True,
            ),
        )

    def for_detail(self):
        return (
            self.for_list()
            .annotate(statement_count=statement_count("competencies"))
            .prefetch_related(
                "tags",
                published_sources(),
                public_statements(),
                Prefetch(
                    "role_competencies",
                    queryset=RoleCompetency.objects.public()
                    .filter(role__status=PUBLISHED)
                    .select_related("role")
                    .order_by("importance", "role__name")[:LINK_PREVIEW],
                    to_attr="role_preview",
                ),
            )
        )


class TeamStructureQuerySet(SearchQuerySetMixin, CuratedQuerySet):
    search_fields = {
        "A": ["name"],
        "B": ["summary"],
        "C": ["description", "company_size", "integration_stage"],
    }

    def for_list(self):
        return self.order_by("name").annotate(source_count=source_count("teamstructuresource"))

    def for_detail(self):
        return (
            self.for_list()
            .annotate(statement_count=statement_count("team_structures"))
            .prefetch_related(
                "tags",
                published_sources(),
                public_statements(),
                *public_groups(),
                Prefetch(
                    "positions",
                    queryset=TeamPosition.objects.public()
                    .filter(role__status=PUBLISHED)
                    .select_related("role"),
                ),
                Prefetch(
                    "company_examples",
                    queryset=CompanyExample.objects.public(),
                ),
            )
        )


class CompanyQuerySet(SearchQuerySetMixin, CuratedQuerySet):
    search_fields = {"A": ["name"], "B": ["description"], "C": ["sector", "country"]}

    def for_list(self):
        return self.order_by("name").annotate(source_count=source_count("companysource"))

    def for_detail(self):
        return (
            self.for_list()
            .annotate(statement_count=statement_count("companies"))
            .prefetch_related(
                "tags",
                published_sources(),
                public_statements(),
                Prefetch(
                    "examples",
                    queryset=CompanyExample.objects.public().prefetch_related(
                        Prefetch("roles", queryset=Role.objects.published())
                    ),
                ),
            )
        )


class ResponsibilityGroupQuerySet(FactQuerySet):
    def owned_by_published(self):
        return self.filter(Q(role__status=PUBLISHED) | Q(team_structure__status=PUBLISHED))

    def public(self):
        return super().public().owned_by_published()


class ResponsibilityQuerySet(SearchQuerySetMixin, CuratedQuerySet):
    def public(self):
        """Published, from a published article, in a group a reader can see."""
        return (
            self.published()
            .filter(source__status=PUBLISHED)
            .filter(Q(group__role__status=PUBLISHED) | Q(group__team_structure__status=PUBLISHED))
            .select_related("source", "said_by")
        )

    def for_list(self):
        return self.select_related("level", "group__role", "group__team_structure").order_by(
            "group__role__name", "group__team_structure__name", "group__order", "order", "name"
        )

    def for_detail(self):
        return self.select_related(
            "level", "group__role", "group__team_structure", "source", "said_by"
        )


class CompanyExampleQuerySet(SearchQuerySetMixin, CuratedQuerySet):
    search_fields = {"A": ["title"], "B": ["description"], "C": ["figures"]}
    search_name_fields = ["title"]

    def public(self):
        return (
            self.published()
            .filter(source__status=PUBLISHED, company__status=PUBLISHED)
            .select_related("source", "said_by", "company", "team_structure")
        )


class StatementQuerySet(SearchQuerySetMixin, CuratedQuerySet):
    search_fields = {"A": ["text"], "B": ["quote"]}
    # Statements have no name: typo tolerance is for names, and trigram
    # similarity against whole paragraphs would match much of the table.
    search_name_fields = []

    def public(self):
        return self.published().filter(source__status=PUBLISHED).select_related("source", "said_by")

    def about(self, **entries):
        """
        The statements about the given entries, as {relation: slug}:
        roles, competencies, team_structures, companies, said_by, source.
        """
        return self.filter(**{f"{relation}__slug": slug for relation, slug in entries.items()})


class Level(Curated):
    name = models.CharField(_("naam"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), unique=True)
    description = models.TextField(_("beschrijving"), blank=True)

    objects = SluggedManager.from_queryset(LevelQuerySet)()

    class Meta:
        ordering = ["order"]
        verbose_name = _("niveau")
        verbose_name_plural = _("niveaus")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("levels:detail", args=[self.slug])


class Role(Curated):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(
        _("samenvatting"),
        max_length=400,
        help_text=_("Eén zin die zegt wat de rol is, in eigen woorden."),
    )
    description = models.TextField(_("beschrijving"), blank=True)
    sources = models.ManyToManyField(
        Article,
        through="RoleSource",
        related_name="described_roles",
        verbose_name=_("bronnen"),
        blank=True,
    )
    tags = TaggableManager(_("tags"), blank=True)

    objects = SluggedManager.from_queryset(RoleQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("roles:detail", args=[self.slug])


class Competency(Curated):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("samenvatting"), max_length=400)
    description = models.TextField(_("beschrijving"), blank=True)
    sources = models.ManyToManyField(
        Article,
        through="CompetencySource",
        related_name="described_competencies",
        verbose_name=_("bronnen"),
        blank=True,
    )
    tags = TaggableManager(_("tags"), blank=True)

    objects = SluggedManager.from_queryset(CompetencyQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("competentie")
        verbose_name_plural = _("competenties")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("competencies:detail", args=[self.slug])


class TeamStructure(Curated):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    summary = models.CharField(_("samenvatting"), max_length=400)
    description = models.TextField(_("beschrijving"), blank=True)
    company_size = models.CharField(
        _("past bij bedrijfsgrootte"),
        max_length=300,
        blank=True,
        help_text=_("Voor welke organisaties de artikelen deze structuur aanraden."),
    )
    integration_stage = models.CharField(
        _("fase van integratie"),
        max_length=300,
        blank=True,
        help_text=_("In welke fase van social media-integratie de structuur past."),
    )
    sources = models.ManyToManyField(
        Article,
        through="TeamStructureSource",
        related_name="described_team_structures",
        verbose_name=_("bronnen"),
        blank=True,
    )
    tags = TaggableManager(_("tags"), blank=True)

    objects = SluggedManager.from_queryset(TeamStructureQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("teamstructuur")
        verbose_name_plural = _("teamstructuren")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("teams:detail", args=[self.slug])


class Company(Curated):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)
    country = models.CharField(_("land"), max_length=100, blank=True)
    sector = models.CharField(_("sector"), max_length=200, blank=True)
    sources = models.ManyToManyField(
        Article,
        through="CompanySource",
        related_name="described_companies",
        verbose_name=_("bronnen"),
        blank=True,
    )
    tags = TaggableManager(_("tags"), blank=True)

    objects = SluggedManager.from_queryset(CompanyQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("bedrijf")
        verbose_name_plural = _("bedrijven")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("companies:detail", args=[self.slug])


# Which articles describe an entry. Explicit through models so that an article
# cannot be deleted while an entry still rests on it.


class RoleSource(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, verbose_name=_("rol"))
    article = models.ForeignKey(Article, on_delete=models.PROTECT, verbose_name=_("artikel"))

    class Meta:
        verbose_name = _("bron van rol")
        verbose_name_plural = _("bronnen van rol")
        constraints = [
            models.UniqueConstraint(fields=["role", "article"], name="unique_role_source"),
        ]

    def __str__(self):
        return f"{self.role} ← {self.article}"


class CompetencySource(models.Model):
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, verbose_name=_("competentie")
    )
    article = models.ForeignKey(Article, on_delete=models.PROTECT, verbose_name=_("artikel"))

    class Meta:
        verbose_name = _("bron van competentie")
        verbose_name_plural = _("bronnen van competentie")
        constraints = [
            models.UniqueConstraint(
                fields=["competency", "article"], name="unique_competency_source"
            ),
        ]

    def __str__(self):
        return f"{self.competency} ← {self.article}"


class TeamStructureSource(models.Model):
    team_structure = models.ForeignKey(
        TeamStructure, on_delete=models.CASCADE, verbose_name=_("teamstructuur")
    )
    article = models.ForeignKey(Article, on_delete=models.PROTECT, verbose_name=_("artikel"))

    class Meta:
        verbose_name = _("bron van teamstructuur")
        verbose_name_plural = _("bronnen van teamstructuur")
        constraints = [
            models.UniqueConstraint(
                fields=["team_structure", "article"], name="unique_team_structure_source"
            ),
        ]

    def __str__(self):
        return f"{self.team_structure} ← {self.article}"


class CompanySource(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, verbose_name=_("bedrijf"))
    article = models.ForeignKey(Article, on_delete=models.PROTECT, verbose_name=_("artikel"))

    class Meta:
        verbose_name = _("bron van bedrijf")
        verbose_name_plural = _("bronnen van bedrijf")
        constraints = [
            models.UniqueConstraint(fields=["company", "article"], name="unique_company_source"),
        ]

    def __str__(self):
        return f"{self.company} ← {self.article}"


# Sourced facts about roles.


class RoleLevel(Sourced):
    role = models.ForeignKey(
        Role, on_delete=models.CASCADE, related_name="role_levels", verbose_name=_("rol")
    )
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, related_name="role_levels", verbose_name=_("niveau")
    )
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["level__order"]
        verbose_name = _("niveau van rol")
        verbose_name_plural = _("niveaus van rol")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "level", "source"], name="unique_role_level_per_source"
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.level}"


class AlternativeTitle(Sourced):
    role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        related_name="alternative_titles",
        verbose_name=_("rol"),
    )
    title = models.CharField(_("titel"), max_length=200)
    note = models.TextField(
        _("toelichting"), blank=True, help_text=_("Wie de titel gebruikt of voorstelt, en waarom.")
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("alternatieve titel")
        verbose_name_plural = _("alternatieve titels")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "title", "source"], name="unique_alternative_title_per_source"
            ),
        ]

    def __str__(self):
        return self.title


class Importance(models.TextChoices):
    MUST = "must", _("must-have")
    NICE = "nice", _("nice-to-have")


class RoleCompetency(Sourced):
    role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        related_name="role_competencies",
        verbose_name=_("rol"),
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.PROTECT,
        related_name="role_competencies",
        verbose_name=_("competentie"),
    )
    importance = models.CharField(
        _("belang"), max_length=4, choices=Importance.choices, default=Importance.MUST
    )
    explanation = models.TextField(
        _("toelichting"),
        blank=True,
        help_text=_("Wat het artikel over deze competentie bij deze rol zegt, of een voorbeeld."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["order", "competency__name"]
        verbose_name = _("competentie van rol")
        verbose_name_plural = _("competenties van rol")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "competency", "source"],
                name="unique_role_competency_per_source",
            ),
        ]

    def __str__(self):
        return f"{self.role}: {self.competency} ({self.get_importance_display()})"


class RelationKind(models.TextChoices):
    LEADS = "leads", _("leidt")
    REPORTS_TO = "reports_to", _("rapporteert aan")
    WORKS_CLOSELY_WITH = "works_closely_with", _("werkt nauw samen met")
    SUPPORTS = "supports", _("ondersteunt")
    VARIANT_OF = "variant_of", _("is een variant van")
    GROWS_INTO = "grows_into", _("kan doorgroeien naar")
    CONTRASTED_WITH = "contrasted_with", _("wordt onderscheiden van")
    ALTERNATIVE_FOR = "alternative_for", _("wordt voorgesteld in plaats van")


class RoleRelation(Sourced):
    from_role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        related_name="relations_out",
        verbose_name=_("rol"),
    )
    kind = models.CharField(_("soort relatie"), max_length=30, choices=RelationKind.choices)
    to_role = models.ForeignKey(
        Role,
        on_delete=models.PROTECT,
        related_name="relations_in",
        verbose_name=_("andere rol"),
    )
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        ordering = ["kind", "to_role__name"]
        verbose_name = _("relatie tussen rollen")
        verbose_name_plural = _("relaties tussen rollen")
        constraints = [
            models.UniqueConstraint(
                fields=["from_role", "kind", "to_role", "source"],
                name="unique_role_relation_per_source",
            ),
            models.CheckConstraint(
                condition=~Q(from_role=models.F("to_role")),
                name="role_relation_not_to_itself",
                violation_error_message=_("Een rol kan geen relatie met zichzelf hebben."),
            ),
        ]

    def __str__(self):
        return f"{self.from_role} {self.get_kind_display()} {self.to_role}"


class ResponsibilityGroup(Sourced):
    """
    Responsibilities grouped the way the articles group them: the social media
    team's three task groups, the community manager's activities, ...
    A group belongs to exactly one role or one team structure.
    """

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)
    role = models.ForeignKey(
        Role,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responsibility_groups",
        verbose_name=_("rol"),
    )
    team_structure = models.ForeignKey(
        TeamStructure,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responsibility_groups",
        verbose_name=_("teamstructuur"),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ResponsibilityGroupQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("groep verantwoordelijkheden")
        verbose_name_plural = _("groepen verantwoordelijkheden")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(role__isnull=False, team_structure__isnull=True)
                    | Q(role__isnull=True, team_structure__isnull=False)
                ),
                name="responsibility_group_has_one_owner",
                violation_error_message=_(
                    "Een groep hoort bij precies één rol óf één teamstructuur."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class Responsibility(Curated, Sourced):
    name = models.CharField(_("naam"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("beschrijving"), blank=True)
    group = models.ForeignKey(
        ResponsibilityGroup,
        on_delete=models.CASCADE,
        related_name="responsibilities",
        verbose_name=_("groep"),
    )
    level = models.ForeignKey(
        Level,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("niveau"),
        help_text=_("Alleen invullen als het artikel het niveau geeft."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = SluggedManager.from_queryset(ResponsibilityQuerySet)()

    class Meta:
        ordering = ["group__order", "order", "name"]
        verbose_name = _("verantwoordelijkheid")
        verbose_name_plural = _("verantwoordelijkheden")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("responsibilities:detail", args=[self.slug])


class Placement(models.TextChoices):
    IN_TEAM = "in_team", _("in het team")
    OUTSIDE = "outside", _("buiten het team, werkt ermee samen")


class TeamPosition(Sourced):
    team_structure = models.ForeignKey(
        TeamStructure,
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("teamstructuur"),
    )
    role = models.ForeignKey(
        Role, on_delete=models.PROTECT, related_name="team_positions", verbose_name=_("rol")
    )
    count = models.PositiveSmallIntegerField(
        _("aantal"), null=True, blank=True, help_text=_("Alleen als het artikel een aantal noemt.")
    )
    count_note = models.CharField(
        _("aantal in woorden"),
        max_length=100,
        blank=True,
        help_text=_("Bijvoorbeeld 'één of enkele'."),
    )
    is_lead = models.BooleanField(_("leidt het team"), default=False)
    placement = models.CharField(
        _("plaats"), max_length=10, choices=Placement.choices, default=Placement.IN_TEAM
    )
    description = models.TextField(_("beschrijving"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["-is_lead", "placement", "order", "role__name"]
        verbose_name = _("positie in team")
        verbose_name_plural = _("posities in team")
        constraints = [
            models.UniqueConstraint(
                fields=["team_structure", "role", "source"],
                name="unique_team_position_per_source",
            ),
            models.CheckConstraint(
                condition=Q(is_lead=False) | Q(placement="in_team"),
                name="team_lead_is_in_team",
                violation_error_message=_("Wie het team leidt, hoort in het team."),
            ),
            models.CheckConstraint(
                condition=Q(count__isnull=True) | Q(count__gte=1),
                name="team_position_count_positive",
                violation_error_message=_("Een aantal is minstens 1."),
            ),
        ]

    def __str__(self):
        return f"{self.team_structure}: {self.role}"


class CompanyExample(Curated, Sourced):
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="examples", verbose_name=_("bedrijf")
    )
    title = models.CharField(_("titel"), max_length=300)
    description = models.TextField(_("wat het bedrijf deed"))
    figures = models.CharField(
        _("cijfers"),
        max_length=300,
        blank=True,
        help_text=_("De cijfers die het artikel geeft, zoals het ze geeft."),
    )
    team_size = models.PositiveIntegerField(_("teamgrootte"), null=True, blank=True)
    roles = models.ManyToManyField(
        Role, related_name="company_examples", blank=True, verbose_name=_("rollen")
    )
    team_structure = models.ForeignKey(
        TeamStructure,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company_examples",
        verbose_name=_("teamstructuur"),
    )

    objects = SluggedManager.from_queryset(CompanyExampleQuerySet)()

    class Meta:
        ordering = ["company__name", "title"]
        verbose_name = _("bedrijfsvoorbeeld")
        verbose_name_plural = _("bedrijfsvoorbeelden")

    def __str__(self):
        return f"{self.company}: {self.title}"

    def get_absolute_url(self):
        return reverse("companies:detail", args=[self.company.slug]) + f"#{self.slug}"


class StatementKind(models.TextChoices):
    FINDING = "finding", _("bevinding")
    STATISTIC = "statistic", _("cijfer")
    ADVICE = "advice", _("advies")
    OPINION = "opinion", _("standpunt")
    DEFINITION = "definition", _("definitie")
    EXPERIENCE = "experience", _("ervaring")


class Statement(Curated, Sourced):
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=StatementKind.choices)
    text = models.TextField(_("uitspraak in eigen woorden"))
    quote = models.CharField(
        _("kort citaat"),
        max_length=300,
        blank=True,
        help_text=_("Optioneel: een korte letterlijke passage, nooit een hele alinea."),
    )
    in_comment = models.BooleanField(
        _("uit een reactie"),
        default=False,
        help_text=_("Aanvinken als dit een standpunt uit de reacties onder het artikel is."),
    )
    said_on = models.DateField(_("datum"), null=True, blank=True)
    roles = models.ManyToManyField(
        Role, related_name="statements", blank=True, verbose_name=_("rollen")
    )
    competencies = models.ManyToManyField(
        Competency, related_name="statements", blank=True, verbose_name=_("competenties")
    )
    team_structures = models.ManyToManyField(
        TeamStructure, related_name="statements", blank=True, verbose_name=_("teamstructuren")
    )
    companies = models.ManyToManyField(
        Company, related_name="statements", blank=True, verbose_name=_("bedrijven")
    )
    tags = TaggableManager(_("tags"), blank=True)

    objects = SluggedManager.from_queryset(StatementQuerySet)()

    class Meta:
        ordering = ["source", "said_on", "slug"]
        verbose_name = _("uitspraak")
        verbose_name_plural = _("uitspraken")

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.source.slug]) + f"#{self.slug}"
