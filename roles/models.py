"""
The knowledge of the articles as relational data.

Entries (roles, competencies, team structures, companies, levels,
responsibilities, statements) have a slug, a page and a publication status.
Facts that link entries (a role needs a competency, a role has an alternative
title, a team has a position, ...) each carry the article they come from and,
where the article says so, the person who said it.
"""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.models import Article
from editorial.models import Curated, Knowledge, SluggedManager

from .facts import (
    AlternativeTitle,
    Importance,
    Placement,
    RelationKind,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    TeamPosition,
)
from .querysets import (
    CompanyQuerySet,
    CompetencyPreview,
    CompetencyQuerySet,
    LevelPreview,
    LevelQuerySet,
    RoleQuerySet,
    StatementPreview,
    TeamStructureQuerySet,
)
from .sourced_entries import (
    CompanyExample,
    Responsibility,
    ResponsibilityGroup,
    Statement,
    StatementKind,
)

# The facts and the sourced entries are models of this app too; they are
# named here so that `roles.models` offers every model of the app.
__all__ = [
    "AlternativeTitle",
    "Company",
    "CompanyExample",
    "CompanySource",
    "Competency",
    "CompetencySource",
    "Importance",
    "Level",
    "Placement",
    "RelationKind",
    "Responsibility",
    "ResponsibilityGroup",
    "Role",
    "RoleCompetency",
    "RoleLevel",
    "RoleRelation",
    "RoleSource",
    "Statement",
    "StatementKind",
    "TeamPosition",
    "TeamStructure",
    "TeamStructureSource",
]


class Level(LevelPreview, Curated):
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


class Role(StatementPreview, Curated):
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


class Competency(CompetencyPreview, Curated):
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


class TeamStructure(StatementPreview, Curated):
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


class Company(StatementPreview, Curated):
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


class RoleSource(Knowledge):
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


class CompetencySource(Knowledge):
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


class TeamStructureSource(Knowledge):
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


class CompanySource(Knowledge):
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
