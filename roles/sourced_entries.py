"""
Entries that come from one article: responsibility groups and their
responsibilities (tasks), company examples and statements.
"""

from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.models import FactQuerySet, Sourced
from editorial.models import Curated, SluggedManager


class ResponsibilityGroupQuerySet(FactQuerySet):
    def for_list(self):
        return (
            super()
            .for_list()
            .select_related("role", "team_structure")
            .prefetch_related(
                Prefetch(
                    "responsibilities",
                    queryset=Responsibility.objects.public().select_related("level"),
                )
            )
        )


class ResponsibilityQuerySet(FactQuerySet):
    def for_list(self):
        return self.select_related("level", "group__role", "group__team_structure").order_by(
            "group__role__name", "group__team_structure__name", "group__order", "order", "name"
        )

    def for_detail(self):
        return self.select_related(
            "level", "group__role", "group__team_structure", "source", "said_by"
        )


class CompanyExampleQuerySet(FactQuerySet):
    def public(self):
        return super().public().select_related("company", "team_structure")


class StatementQuerySet(FactQuerySet):
    def about(self, **entries):
        """
        The statements about the given entries, as {relation: slug}:
        roles, competencies, team_structures, companies, said_by, source.
        """
        return self.filter(**{f"{relation}__slug": slug for relation, slug in entries.items()})


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
        "Role",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responsibility_groups",
        verbose_name=_("rol"),
    )
    team_structure = models.ForeignKey(
        "TeamStructure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="responsibility_groups",
        verbose_name=_("teamstructuur"),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = ResponsibilityGroupQuerySet.as_manager()

    visible_through = ("source", ("role", "team_structure"))

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
        "Level",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responsibilities",
        verbose_name=_("niveau"),
        help_text=_("Alleen invullen als het artikel het niveau geeft."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    objects = SluggedManager.from_queryset(ResponsibilityQuerySet)()

    visible_through = (
        "source",
        "group__source",
        ("group__role", "group__team_structure"),
    )
    listed_on_source_pages = False

    class Meta:
        ordering = ["group__order", "order", "name"]
        verbose_name = _("verantwoordelijkheid")
        verbose_name_plural = _("verantwoordelijkheden")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("responsibilities:detail", args=[self.slug])


class CompanyExample(Curated, Sourced):
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    company = models.ForeignKey(
        "Company", on_delete=models.PROTECT, related_name="examples", verbose_name=_("bedrijf")
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
        "Role", related_name="company_examples", blank=True, verbose_name=_("rollen")
    )
    team_structure = models.ForeignKey(
        "TeamStructure",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="company_examples",
        verbose_name=_("teamstructuur"),
    )

    objects = SluggedManager.from_queryset(CompanyExampleQuerySet)()

    visible_through = ("source", "company")

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
    # A profile the article warns against hiring (the social media guru):
    # knowledge about a role, not a role to fill.
    ANTI_PROFILE = "anti_profile", _("anti-profiel")


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
        "Role", related_name="statements", blank=True, verbose_name=_("rollen")
    )
    competencies = models.ManyToManyField(
        "Competency", related_name="statements", blank=True, verbose_name=_("competenties")
    )
    team_structures = models.ManyToManyField(
        "TeamStructure", related_name="statements", blank=True, verbose_name=_("teamstructuren")
    )
    companies = models.ManyToManyField(
        "Company", related_name="statements", blank=True, verbose_name=_("bedrijven")
    )
    tags = TaggableManager(_("tags"), blank=True)

    objects = SluggedManager.from_queryset(StatementQuerySet)()

    visible_through = ("source",)
    page_preview = 10

    class Meta:
        ordering = ["source", "said_on", "slug"]
        verbose_name = _("uitspraak")
        verbose_name_plural = _("uitspraken")

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.source.slug]) + f"#{self.slug}"
