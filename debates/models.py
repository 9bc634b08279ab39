"""
Debates: the questions on which the sources disagree, and the positions they
take. A debate is a curated entry like a role; each position is a sourced fact
(the article it comes from, the person who holds it) that may answer another
position of the same debate, so that a reader can follow who replies to whom,
also across articles.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.models import Article, FactQuerySet, Sourced, count_of
from editorial.models import (
    PUBLISHED,
    Curated,
    EntryQuerySet,
    Knowledge,
    SluggedManager,
    visibility,
)
from roles.models import Competency, Role, TeamStructure


def speaker_is_public():
    """A position's person, when it names one, must be published too."""
    return Q(said_by__isnull=True) | Q(said_by__status=PUBLISHED)


class PositionQuerySet(FactQuerySet):
    def public(self):
        # visible_through cannot say "the person, if there is one": the
        # person of a position is what the position is, so a draft person
        # hides it instead of only hiding the name (as for other facts).
        return super().public().filter(speaker_is_public())

    def for_list(self):
        return super().for_list().select_related("debate").order_by("debate__question", "order")


class DebateQuerySet(EntryQuerySet):
    def for_list(self):
        return self.order_by("question").annotate(
            position_count=count_of(Position.objects.public(), "debate"),
            source_count=Count(
                "debatesource",
                filter=visibility(Article, prefix="debatesource__article__"),
                distinct=True,
            ),
        )

    def for_detail(self):
        return self.for_list().prefetch_related(
            "tags",
            Prefetch("positions", queryset=Position.objects.public().order_by("order")),
            Prefetch("roles", queryset=Role.objects.public().order_by("name")),
            Prefetch("team_structures", queryset=TeamStructure.objects.public().order_by("name")),
            Prefetch("competencies", queryset=Competency.objects.public().order_by("name")),
            Prefetch("sources", queryset=Article.objects.public().for_list()),
        )


class Debate(Curated):
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    question = models.CharField(
        _("vraag"),
        max_length=300,
        help_text=_("De vraag waarover de bronnen verschillen, als vraag gesteld."),
    )
    summary = models.TextField(
        _("samenvatting"),
        help_text=_("Waar het verschil over gaat, in eigen woorden; nooit een citaat."),
    )
    roles = models.ManyToManyField(
        Role, related_name="debates", blank=True, verbose_name=_("rollen")
    )
    team_structures = models.ManyToManyField(
        TeamStructure, related_name="debates", blank=True, verbose_name=_("teamstructuren")
    )
    competencies = models.ManyToManyField(
        Competency, related_name="debates", blank=True, verbose_name=_("competenties")
    )
    sources = models.ManyToManyField(
        Article,
        through="DebateSource",
        related_name="described_debates",
        verbose_name=_("bronnen"),
        blank=True,
    )
    tags = TaggableManager(_("tags"), blank=True)

    objects = SluggedManager.from_queryset(DebateQuerySet)()

    class Meta:
        ordering = ["question"]
        verbose_name = _("debat")
        verbose_name_plural = _("debatten")

    def __str__(self):
        return self.question

    @property
    def name(self):
        return self.question

    def get_absolute_url(self):
        return reverse("debates:detail", args=[self.slug])


class DebateSource(Knowledge):
    """The article whose file defines the debate (fixtures/README.md)."""

    debate = models.ForeignKey(Debate, on_delete=models.CASCADE, verbose_name=_("debat"))
    article = models.ForeignKey(Article, on_delete=models.PROTECT, verbose_name=_("artikel"))

    class Meta:
        verbose_name = _("bron van debat")
        verbose_name_plural = _("bronnen van debat")
        constraints = [
            models.UniqueConstraint(fields=["debate", "article"], name="unique_debate_source"),
        ]

    def __str__(self):
        return f"{self.debate} ← {self.article}"


class Position(Sourced):
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    debate = models.ForeignKey(
        Debate, on_delete=models.CASCADE, related_name="positions", verbose_name=_("debat")
    )
    stance = models.TextField(
        _("standpunt in eigen woorden"),
        help_text=_("Wat de bron in dit debat vindt, in eigen woorden."),
    )
    quote = models.CharField(
        _("kort citaat"),
        max_length=300,
        blank=True,
        help_text=_("Optioneel: hoogstens een zin letterlijk, nooit een alinea."),
    )
    in_comment = models.BooleanField(
        _("uit een reactie"),
        default=False,
        help_text=_("Aanvinken als dit standpunt in de reacties onder het artikel staat."),
    )
    said_on = models.DateField(_("datum"), null=True, blank=True)
    answers = models.ForeignKey(
        "self",
        # An answered position cannot be deleted on its own, but with its
        # replies (its debate deleted, a load pruning both) it can.
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("antwoordt op"),
        help_text=_("Het standpunt in hetzelfde debat waarop dit reageert, als het dat doet."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"))

    visible_through = ("source", "debate")
    # `answers` stays within the debate (checked by clean() and the loader).
    replies_within = "debate"

    objects = PositionQuerySet.as_manager()

    class Meta:
        ordering = ["debate", "order"]
        verbose_name = _("standpunt in debat")
        verbose_name_plural = _("standpunten in debatten")
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "order"], name="unique_position_order_per_debate"
            ),
            models.CheckConstraint(
                condition=Q(answers__isnull=True) | ~Q(answers=F("pk")),
                name="position_not_answering_itself",
                violation_error_message=_("Een standpunt kan niet op zichzelf antwoorden."),
            ),
        ]

    def __str__(self):
        return f"{self.debate}: {self.stance[:60]}"

    def get_absolute_url(self):
        return reverse("debates:detail", args=[self.debate.slug]) + f"#{self.slug}"

    @property
    def is_public(self):
        said_by = self.said_by
        return super().is_public and (said_by is None or said_by.status == PUBLISHED)

    def clean(self):
        super().clean()
        answered = self.answers
        if answered is not None and self.debate_id and answered.debate_id != self.debate_id:
            raise ValidationError(
                {
                    "answers": _(
                        "Een standpunt antwoordt alleen op een standpunt in hetzelfde debat."
                    )
                }
            )
