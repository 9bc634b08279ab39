from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from rolwijzer.search import SearchQuerySetMixin


class Status(models.TextChoices):
    DRAFT = "draft", _("concept")
    PUBLISHED = "published", _("gepubliceerd")


class CuratedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        """Published entries, plus drafts for logged-in staff (preview)."""
        if user.is_active and user.is_staff:
            return self.all()
        return self.published()


class SluggedManager(models.Manager.from_queryset(CuratedQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class FactQuerySet(models.QuerySet):
    def public(self):
        """
        Facts a reader may see: those from a published article, with the
        article and the person who said it loaded for the "bron" line.
        """
        return self.filter(source__status=Status.PUBLISHED).select_related("source", "said_by")


class Curated(models.Model):
    """
    Fields every curated entry shares. New entries start as drafts so nothing
    an editor is still working on reaches readers; the fixtures load as
    published.
    """

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("Alleen gepubliceerde items zijn zichtbaar voor lezers."),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    # Kept up to date by a database trigger on PostgreSQL (see the
    # search_index migrations); always empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = SluggedManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.slug,)

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED


class PersonQuerySet(SearchQuerySetMixin, CuratedQuerySet):
    search_fields = {"A": ["name"], "B": ["affiliation"], "C": ["description"]}

    def for_list(self):
        return self

    def for_detail(self):
        """Everything a person wrote or said, for their page."""
        # Imported here: roles.models imports this module.
        from roles.models import (
            STATEMENT_PREVIEW,
            AlternativeTitle,
            CompanyExample,
            RoleCompetency,
            RoleLevel,
            RoleRelation,
            Statement,
            TeamPosition,
            count_of,
        )

        published = Status.PUBLISHED
        statements = Statement.objects.public().order_by("-said_on", "pk")
        said, comments = statements.filter(in_comment=False), statements.filter(in_comment=True)
        # What a person said can grow without bound: the page shows the
        # latest few of each kind and links to the statement list for all.
        return self.annotate(
            said_count=count_of(said, "said_by"), comment_count=count_of(comments, "said_by")
        ).prefetch_related(
            models.Prefetch("authored_articles", queryset=Article.objects.published().for_list()),
            models.Prefetch(
                "roles_statement_facts",
                queryset=said[:STATEMENT_PREVIEW],
                to_attr="said_preview",
            ),
            models.Prefetch(
                "roles_statement_facts",
                queryset=comments[:STATEMENT_PREVIEW],
                to_attr="comment_preview",
            ),
            models.Prefetch(
                "roles_alternativetitle_facts",
                queryset=AlternativeTitle.objects.public()
                .filter(role__status=published)
                .select_related("role"),
            ),
            models.Prefetch(
                "roles_rolelevel_facts",
                queryset=RoleLevel.objects.public()
                .filter(role__status=published, level__status=published)
                .select_related("role", "level"),
            ),
            models.Prefetch(
                "roles_rolecompetency_facts",
                queryset=RoleCompetency.objects.public()
                .filter(role__status=published, competency__status=published)
                .select_related("role", "competency"),
            ),
            models.Prefetch(
                "roles_rolerelation_facts",
                queryset=RoleRelation.objects.public()
                .filter(from_role__status=published, to_role__status=published)
                .select_related("from_role", "to_role"),
            ),
            models.Prefetch(
                "roles_teamposition_facts",
                queryset=TeamPosition.objects.public()
                .filter(role__status=published, team_structure__status=published)
                .select_related("role", "team_structure"),
            ),
            models.Prefetch(
                "roles_companyexample_facts",
                queryset=CompanyExample.objects.public()
                .filter(company__status=published)
                .select_related("company"),
            ),
        )


class Person(Curated):
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    affiliation = models.CharField(
        _("functie en organisatie"),
        max_length=300,
        blank=True,
        help_text=_("Zoals het artikel het geeft; leeg laten als het artikel het niet zegt."),
    )
    description = models.TextField(
        _("beschrijving"),
        blank=True,
        help_text=_("Wie dit is en waarom hij of zij in de artikelen voorkomt, in eigen woorden."),
    )

    objects = SluggedManager.from_queryset(PersonQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.slug])


class ArticleQuerySet(SearchQuerySetMixin, CuratedQuerySet):
    search_fields = {"A": ["title"], "B": ["summary"], "C": ["publication"]}
    search_name_fields = ["title"]

    def for_list(self):
        # Newest first, undated articles last on every database.
        return self.order_by(
            models.F("published_on").desc(nulls_last=True), "title"
        ).prefetch_related(
            models.Prefetch("authors", queryset=Person.objects.published()),
        )

    def for_detail(self):
        """The article and everything it is the source of, grouped by kind."""
        # Imported here: roles.models imports this module.
        from roles.models import (
            AlternativeTitle,
            Company,
            CompanyExample,
            Competency,
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

        published = Status.PUBLISHED
        return self.for_list().prefetch_related(
            "tags",
            models.Prefetch("described_roles", queryset=Role.objects.published().for_list()),
            models.Prefetch(
                "described_competencies", queryset=Competency.objects.published().for_list()
            ),
            models.Prefetch(
                "described_team_structures",
                queryset=TeamStructure.objects.published().for_list(),
            ),
            models.Prefetch("described_companies", queryset=Company.objects.published().for_list()),
            models.Prefetch(
                "roles_rolelevel_facts",
                queryset=RoleLevel.objects.filter(
                    role__status=published, level__status=published
                ).select_related("role", "level", "said_by"),
            ),
            models.Prefetch(
                "roles_alternativetitle_facts",
                queryset=AlternativeTitle.objects.filter(role__status=published).select_related(
                    "role", "said_by"
                ),
            ),
            models.Prefetch(
                "roles_rolecompetency_facts",
                queryset=RoleCompetency.objects.filter(
                    role__status=published, competency__status=published
                )
                .select_related("role", "competency", "said_by")
                .order_by("role__name", "order", "competency__name"),
            ),
            models.Prefetch(
                "roles_rolerelation_facts",
                queryset=RoleRelation.objects.filter(
                    from_role__status=published, to_role__status=published
                ).select_related("from_role", "to_role", "said_by"),
            ),
            models.Prefetch(
                "roles_responsibilitygroup_facts",
                queryset=ResponsibilityGroup.objects.owned_by_published().select_related(
                    "role", "team_structure", "said_by"
                ),
            ),
            models.Prefetch(
                "roles_responsibilitygroup_facts__responsibilities",
                queryset=Responsibility.objects.published().select_related("level"),
            ),
            models.Prefetch(
                "roles_teamposition_facts",
                queryset=TeamPosition.objects.filter(
                    role__status=published, team_structure__status=published
                ).select_related("role", "team_structure", "said_by"),
            ),
            models.Prefetch(
                "roles_companyexample_facts",
                queryset=CompanyExample.objects.published()
                .filter(company__status=published)
                .select_related("company", "said_by"),
            ),
            models.Prefetch(
                "roles_statement_facts",
                queryset=Statement.objects.published()
                .select_related("said_by")
                .order_by("in_comment", "said_on", "slug"),
            ),
        )


class Article(Curated):
    title = models.CharField(_("titel"), max_length=300)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title_is_descriptive = models.BooleanField(
        _("beschrijvende titel"),
        default=False,
        help_text=_(
            "Aanvinken als de tekst zelf geen titel heeft en de titel hierboven door de "
            "redactie is gegeven."
        ),
    )
    publication = models.CharField(
        _("publicatie"),
        max_length=200,
        blank=True,
        help_text=_("Het medium waarin het artikel verscheen; leeg als onbekend."),
    )
    authors = models.ManyToManyField(
        Person,
        verbose_name=_("auteurs"),
        related_name="authored_articles",
        blank=True,
    )
    published_on = models.DateField(
        _("publicatiedatum"), null=True, blank=True, help_text=_("Leeg als onbekend.")
    )
    language = models.CharField(_("taal"), max_length=10, default="nl")
    url = models.URLField(
        _("URL"), blank=True, help_text=_("Alleen een adres dat vaststaat; nooit raden.")
    )
    summary = models.TextField(
        _("samenvatting"),
        help_text=_("In eigen woorden; citeer hoogstens korte passages, met bronvermelding."),
    )
    stated_comment_count = models.PositiveIntegerField(
        _("aantal reacties volgens de pagina"),
        null=True,
        blank=True,
        help_text=_("Het aantal reacties dat de pagina zelf noemt, als het genoemd wordt."),
    )
    tags = TaggableManager(_("tags"), blank=True)

    objects = SluggedManager.from_queryset(ArticleQuerySet)()

    class Meta:
        ordering = ["-published_on", "title"]
        verbose_name = _("artikel")
        verbose_name_plural = _("artikelen")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])


class Sourced(models.Model):
    """
    A fact taken from one article, optionally said by one person (the author,
    a commenter, or an expert the article leans on). Sources are protected:
    an article or person cannot be deleted while facts still cite them.
    """

    source = models.ForeignKey(
        Article,
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_facts",
        verbose_name=_("bron"),
        help_text=_("Het artikel waar dit uit komt."),
    )
    said_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(app_label)s_%(class)s_facts",
        verbose_name=_("gezegd door"),
        help_text=_("De auteur, reageerder of expert die het zei, als het artikel dat aangeeft."),
    )

    objects = FactQuerySet.as_manager()

    class Meta:
        abstract = True
