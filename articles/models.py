import datetime

from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from editorial import counts
from editorial.models import PUBLISHED, Curated, EntryQuerySet, Knowledge, SluggedManager


class FactQuerySet(EntryQuerySet):
    def public(self):
        # Every fact shows its "bron" line: load the article and the person.
        return super().public().select_related("source", "said_by")

    def for_list(self):
        """With the article and the person for the "bron" line."""
        return self.select_related("source", "said_by")


def facts_of(model, field_name, preview=False):
    """
    Prefetches of every kind of fact that points at `model` through
    `field_name` (an article's "source", a person's "said_by"), taken from the
    models' own relations: a new kind of fact shows up without a change here.
    With `preview`, kinds with a `page_preview` are cut to that many, newest first, into
    `<accessor>_preview`; preview_counts() gives their totals.
    """
    prefetches = []
    for relation in model._meta.related_objects:
        fact = relation.related_model
        if relation.field.name != field_name or not issubclass(fact, Sourced):
            continue
        if not fact.listed_on_source_pages:
            continue
        rows = fact.objects.public().for_list()
        if preview and fact.page_preview:
            # Django applies a sliced prefetch only with to_attr.
            prefetches.append(
                models.Prefetch(
                    relation.get_accessor_name(),
                    queryset=rows.order_by("-said_on", "pk")[: fact.page_preview],
                    to_attr=f"{relation.get_accessor_name()}_preview",
                )
            )
        else:
            prefetches.append(models.Prefetch(relation.get_accessor_name(), queryset=rows))
    return prefetches


def preview_counts(model, field_name):
    """
    `<accessor>_count` for every previewed kind of fact pointing at the
    entry through `field_name`: one subquery each, kept out of GROUP BY.
    """
    counts = {}
    for relation in model._meta.related_objects:
        fact = relation.related_model
        if relation.field.name == field_name and getattr(fact, "page_preview", None):
            counts[f"{relation.get_accessor_name()}_count"] = count_of(
                fact.objects.public(), field_name
            )
    return counts


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


def count_of(rows, relation, counted="pk", stored=None):
    """
    How many of `rows` point at the entry through `relation` (how many
    distinct `counted` of them): one subquery per entry, kept out of GROUP
    BY (see OutsideGroupBy). A list page that sorts and cuts first counts
    for the entries it shows only; a count joined and grouped counts for
    every entry of the table before the first is shown. With `stored`, the
    name of the same count kept where it is written (editorial/counts.py):
    read where it was counted for now, and counted only where it was not
    (COALESCE evaluates its second part only then).
    """
    per_entry = (
        rows.filter(**{relation: models.OuterRef("pk")})
        .order_by()
        .values(relation)
        .annotate(n=models.Count(counted, distinct=counted != "pk"))
        .values("n")
    )
    value = Coalesce(models.Subquery(per_entry), 0)
    if stored:
        value = Coalesce(counts.stored(stored, models.OuterRef("pk")), value)
    return OutsideGroupBy(value)


class PersonQuerySet(EntryQuerySet):
    def for_detail(self):
        """Everything a person wrote, every fact they are the source of, their organisations."""
        return self.annotate(**preview_counts(self.model, "said_by")).prefetch_related(
            models.Prefetch("authored_articles", queryset=Article.objects.public().for_list()),
            models.Prefetch(
                "affiliations", queryset=Affiliation.objects.public().select_related("organisation")
            ),
            *facts_of(self.model, "said_by", preview=True),
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
        # The people list shows the first names of tens of thousands.
        indexes = [models.Index(fields=["name"], name="person_name_order")]
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("people:detail", args=[self.slug])


# Newest first, undated articles last on every database: as an expression,
# so that an index holds this order (NULLS LAST, which PostgreSQL indexes,
# is not part of SQLite's CREATE INDEX). PostgreSQL walks that index;
# SQLite does not match the query's bound date against the index's literal
# and sorts, which the sizes it serves allow.
NEWEST_FIRST = (Coalesce("published_on", models.Value(datetime.date.min)).desc(), "title")


class ArticleQuerySet(EntryQuerySet):
    def for_list(self):
        return self.order_by(*NEWEST_FIRST).prefetch_related(
            models.Prefetch("authors", queryset=Person.objects.public()),
        )

    def for_detail(self):
        """The article, the entries it describes and every fact it is the source of."""
        described = [
            models.Prefetch(
                relation.get_accessor_name(),
                queryset=relation.related_model.objects.public().for_list(),
            )
            for relation in self.model._meta.related_objects
            if relation.many_to_many and issubclass(relation.related_model, Curated)
        ]
        return self.for_list().prefetch_related("tags", *described, *facts_of(self.model, "source"))


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
        indexes = [
            # Statements are read in their articles' order, and an entry's
            # page shows the first ten of thousands: walking the articles
            # in this order stops after a few, where a sort reads them all.
            models.Index(fields=["-published_on", "title"], name="article_reading_order"),
            # The article list's order: its first page of 100 000 at once.
            models.Index(*NEWEST_FIRST[:1], models.F("title"), name="article_list_order"),
            # Every fact is public only while its article is: a preview
            # sorted across a few thousand facts checked their articles by
            # hashing all 100 000 of them (a level's first roles: 79 ms).
            # Published keys (and the titles some previews sort by) in an
            # index of their own are looked up one by one instead (20 ms).
            models.Index(
                fields=["id", "title"],
                condition=models.Q(status=PUBLISHED),
                name="article_published",
            ),
        ]
        verbose_name = _("artikel")
        verbose_name_plural = _("artikelen")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.slug])


class Sourced(Knowledge):
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

    # A fact is public only while its article is; models add what else
    # they depend on (the role and competency a link joins, ...).
    visible_through = ("source",)
    # Facts that grow without bound (statements) set how many an entry's
    # page shows; the others are shown in full.
    page_preview = None
    # False for facts that their article's and speaker's pages show inside
    # another fact (a responsibility inside its group).
    listed_on_source_pages = True

    objects = FactQuerySet.as_manager()

    class Meta:
        abstract = True


class OrganisationQuerySet(EntryQuerySet):
    def for_detail(self):
        """The organisation, the articles that name it and the people they place in it."""
        return self.prefetch_related(
            models.Prefetch("sources", queryset=Article.objects.public().for_list()),
            models.Prefetch(
                "affiliations",
                queryset=Affiliation.objects.public()
                .select_related("person")
                .order_by("person__name", "source__title"),
            ),
        )


class Organisation(Curated):
    """
    A firm, association, research bureau or medium that the articles name as
    the home of an author, commenter or cited expert. A company whose
    practice an article gives as an example is a roles.Company instead.
    """

    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(
        _("beschrijving"),
        blank=True,
        help_text=_("Wat de artikelen over de organisatie zeggen, in eigen woorden."),
    )
    sources = models.ManyToManyField(
        Article,
        through="OrganisationSource",
        related_name="described_organisations",
        verbose_name=_("bronnen"),
        blank=True,
    )

    objects = SluggedManager.from_queryset(OrganisationQuerySet)()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.slug])


class OrganisationSource(Knowledge):
    """Which articles name an organisation; an article cannot go while one rests on it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, verbose_name=_("organisatie")
    )
    article = models.ForeignKey(Article, on_delete=models.PROTECT, verbose_name=_("artikel"))

    class Meta:
        verbose_name = _("bron van organisatie")
        verbose_name_plural = _("bronnen van organisatie")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "article"], name="unique_organisation_source"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} ← {self.article}"


class Affiliation(Sourced):
    """That a person works for or belongs to an organisation, as one article says it."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="affiliations", verbose_name=_("persoon")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name=_("organisatie"),
    )
    function = models.CharField(
        _("functie"),
        max_length=200,
        blank=True,
        help_text=_("De functie zoals het artikel die noemt; leeg als het die niet noemt."),
    )
    note = models.TextField(_("toelichting"), blank=True)

    visible_through = ("source", "person", "organisation")
    # The person's and the organisation's pages show it; the article's and
    # the speaker's lists of facts leave it out.
    listed_on_source_pages = False

    objects = FactQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "person__name"]
        verbose_name = _("verbondenheid met organisatie")
        verbose_name_plural = _("verbondenheden met organisaties")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "source"],
                name="unique_affiliation_per_source",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.organisation}"
