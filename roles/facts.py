"""
Sourced facts that link entries: a role's levels, alternative titles,
competencies, relations and team positions. Each names the article it comes
from and, where the article says so, the person who said it; each is public
only while that article and the entries it links are published
(`visible_through`).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.models import FactQuerySet, Sourced


class RoleLevelQuerySet(FactQuerySet):
    def for_list(self):
        return super().for_list().select_related("role", "level")


class AlternativeTitleQuerySet(FactQuerySet):
    def for_list(self):
        return super().for_list().select_related("role")


class RoleCompetencyQuerySet(FactQuerySet):
    def for_list(self):
        return (
            super()
            .for_list()
            .select_related("role", "competency")
            .order_by("role__name", "order", "competency__name")
        )


class RoleRelationQuerySet(FactQuerySet):
    def for_list(self):
        return super().for_list().select_related("from_role", "to_role")


class TeamPositionQuerySet(FactQuerySet):
    def for_list(self):
        return super().for_list().select_related("role", "team_structure")


class RoleLevel(Sourced):
    role = models.ForeignKey(
        "Role", on_delete=models.CASCADE, related_name="role_levels", verbose_name=_("rol")
    )
    level = models.ForeignKey(
        "Level", on_delete=models.PROTECT, related_name="role_levels", verbose_name=_("niveau")
    )
    note = models.TextField(_("toelichting"), blank=True)

    visible_through = ("source", "role", "level")

    objects = RoleLevelQuerySet.as_manager()

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
        "Role",
        on_delete=models.CASCADE,
        related_name="alternative_titles",
        verbose_name=_("rol"),
    )
    title = models.CharField(_("titel"), max_length=200)
    note = models.TextField(
        _("toelichting"), blank=True, help_text=_("Wie de titel gebruikt of voorstelt, en waarom.")
    )

    visible_through = ("source", "role")

    objects = AlternativeTitleQuerySet.as_manager()

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
    # The article names the competency for the role without saying how much
    # it weighs: no grade is read into it.
    NAMED = "named", _("genoemd")


# Strongest first: what an article grades as must-have, then nice-to-have,
# then what it only names.
IMPORTANCE_RANK = {Importance.MUST: 0, Importance.NICE: 1, Importance.NAMED: 2}


class RoleCompetency(Sourced):
    role = models.ForeignKey(
        "Role",
        on_delete=models.CASCADE,
        related_name="role_competencies",
        verbose_name=_("rol"),
    )
    competency = models.ForeignKey(
        "Competency",
        on_delete=models.PROTECT,
        related_name="role_competencies",
        verbose_name=_("competentie"),
    )
    importance = models.CharField(
        _("belang"), max_length=10, choices=Importance.choices, default=Importance.NAMED
    )
    importance_reason = models.TextField(
        _("grond voor het belang"),
        blank=True,
        help_text=_(
            "De woorden van het artikel waarop het belang rust: een kort citaat (zoals "
            "'must have kerncompetenties' of een 'moet') of een notitie in eigen woorden."
        ),
    )
    explanation = models.TextField(
        _("toelichting"),
        blank=True,
        help_text=_("Wat het artikel over deze competentie bij deze rol zegt, of een voorbeeld."),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    visible_through = ("source", "role", "competency")

    objects = RoleCompetencyQuerySet.as_manager()

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
    # "Option two is a change manager under a hipper name": one role said to
    # be another under a new name, which is the opposite of a contrast.
    ANOTHER_NAME_FOR = "another_name_for", _("is volgens de bron een andere naam voor")
    # "More than a community manager": the role takes in the other and goes
    # beyond it.
    MORE_THAN = "more_than", _("is meer dan")


class RoleRelation(Sourced):
    from_role = models.ForeignKey(
        "Role",
        on_delete=models.CASCADE,
        related_name="relations_out",
        verbose_name=_("rol"),
    )
    kind = models.CharField(_("soort relatie"), max_length=30, choices=RelationKind.choices)
    to_role = models.ForeignKey(
        "Role",
        on_delete=models.PROTECT,
        related_name="relations_in",
        verbose_name=_("andere rol"),
    )
    note = models.TextField(_("toelichting"), blank=True)

    visible_through = ("source", "from_role", "to_role")

    objects = RoleRelationQuerySet.as_manager()

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


class Placement(models.TextChoices):
    IN_TEAM = "in_team", _("in het team")
    OUTSIDE = "outside", _("buiten het team, werkt ermee samen")


class TeamPosition(Sourced):
    team_structure = models.ForeignKey(
        "TeamStructure",
        on_delete=models.CASCADE,
        related_name="positions",
        verbose_name=_("teamstructuur"),
    )
    role = models.ForeignKey(
        "Role", on_delete=models.PROTECT, related_name="team_positions", verbose_name=_("rol")
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

    visible_through = ("source", "team_structure", "role")

    objects = TeamPositionQuerySet.as_manager()

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
