"""
What a role's vacancy can draw on, and what the articles warn about a
choice from it.

`VacancyProfile` loads everything a vacancy for a role can be built from in
a fixed number of queries, public rows only: the role itself, its variants
(roles that are a variant of it, such as the operational and the strategic
conversation manager) and the team structures it holds a position in. The
choices of the person writing the vacancy (level, must-have and
nice-to-have competencies, tasks, team) make a `Selection`; `check()` gives
the warnings the articles have for it. roles/vacancy_text.py composes the
vacancy text.

Fixed sentences are translated (gettext); the content of the knowledge base
(names, summaries) stays Dutch.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _

from articles.models import Article, Person

from .facts import IMPORTANCE_RANK
from .models import (
    AlternativeTitle,
    Importance,
    Level,
    RelationKind,
    Responsibility,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    TeamPosition,
)

MUST, NICE = Importance.MUST, Importance.NICE

# Articles whose advice the warnings repeat. A warning only appears when its
# article is published, so that every warning can cite its source.
ARTICLE_CONVERSATION_MANAGER = "twee-carrieremogelijkheden-conversation-manager"
ARTICLE_COMMUNITY_MANAGER = "de-community-manager-wordt-volwassen"
ARTICLE_SOCIAL_MEDIA_TEAM = "wat-is-de-rol-van-een-social-media-team"
CITED_ARTICLES = (
    ARTICLE_CONVERSATION_MANAGER,
    ARTICLE_COMMUNITY_MANAGER,
    ARTICLE_SOCIAL_MEDIA_TEAM,
)
OPERATIONAL, TACTICAL, STRATEGIC = "operationeel", "tactisch", "strategisch"


def unique(items):
    return list(dict.fromkeys(items))


# What a vacancy can draw on.


@dataclass
class CompetencyOption:
    competency: object
    facts: list = field(default_factory=list)
    default: str | None = None  # "must", "nice", "named" (offered, not ticked) or None
    from_variants: list = field(default_factory=list)  # names of variant roles

    @property
    def slug(self):
        return self.competency.slug


@dataclass
class TaskGroup:
    name: str
    owner: object  # a Role or a TeamStructure
    tasks: list = field(default_factory=list)


class VacancyProfile:
    """Everything a vacancy for `role` can be built from, loaded up front."""

    def __init__(self, role):
        self.role = role
        self.levels = list(Level.objects.public())
        self.level_by_slug = {level.slug: level for level in self.levels}

        relations = (
            RoleRelation.objects.public()
            .filter(to_role=role, kind=RelationKind.VARIANT_OF)
            .select_related("from_role")
            .order_by("from_role__name")
        )
        self.variants = unique(r.from_role for r in relations)
        family = [role, *self.variants]
        family_ids = [r.pk for r in family]

        self.level_facts = list(
            RoleLevel.objects.public().filter(role__in=family_ids).select_related("level")
        )
        self.levels_of = defaultdict(set)
        for fact in self.level_facts:
            self.levels_of[fact.role_id].add(fact.level.slug)

        self.titles = list(
            AlternativeTitle.objects.public().filter(role__in=family_ids).order_by("title")
        )
        competency_facts = list(
            RoleCompetency.objects.public().filter(role__in=family_ids).select_related("competency")
        )
        positions = list(
            TeamPosition.objects.public()
            .filter(role=role)
            .select_related("team_structure")
            .order_by("team_structure__name")
        )
        self.positions = {p.team_structure.slug: p for p in positions}
        self.teams = unique(p.team_structure for p in positions)
        team_ids = [t.pk for t in self.teams]
        self.team_members = defaultdict(list)
        for member in (
            TeamPosition.objects.public()
            .filter(team_structure__in=team_ids)
            .exclude(role=role)
            .select_related("role")
        ):
            self.team_members[member.team_structure_id].append(member)

        responsibilities = list(
            Responsibility.objects.public()
            .filter(Q(group__role__in=family_ids) | Q(group__team_structure__in=team_ids))
            .select_related("group")
            # A public task may have a level that is not public: then it has none here.
            .prefetch_related(Prefetch("level", queryset=Level.objects.public()))
            .order_by("group__order", "group__name", "order", "name")
        )

        self.default_level = self._default_level()
        self.competency_options = self._competency_options(competency_facts)
        self.task_groups = self._task_groups(responsibilities)
        self.tasks = {task.slug: task for group in self.task_groups for task in group.tasks}

        cited = {fact.source_id for fact in self.level_facts}
        cited |= {fact.source_id for fact in competency_facts}
        cited |= {task.source_id for task in responsibilities}
        cited |= {position.source_id for position in positions}
        self.articles = {
            article.pk: article
            for article in Article.objects.public()
            .filter(Q(pk__in=cited) | Q(slug__in=CITED_ARTICLES))
            .prefetch_related(Prefetch("authors", queryset=Person.objects.public()))
        }
        self.article_by_slug = {a.slug: a for a in self.articles.values()}

    # Defaults: what the profile itself says.

    def _default_level(self):
        """The highest level the articles give the role (or, failing that, its variants)."""
        for roles in ([self.role], self.variants):
            slugs = set().union(*(self.levels_of[r.pk] for r in roles)) if roles else set()
            ranked = [level for level in self.levels if level.slug in slugs]
            if ranked:
                return ranked[-1]
        return self.levels[-1] if self.levels else None

    def _counts_by_default(self, role_id):
        """The role's own facts count; a variant's only if it works at the default level."""
        if role_id == self.role.pk:
            return True
        return self.default_level is not None and self.default_level.slug in self.levels_of[role_id]

    def _competency_options(self, facts):
        variants = {v.pk: v for v in self.variants}
        own_first = sorted(facts, key=lambda f: (f.role_id != self.role.pk, f.order))
        options = {}
        for fact in own_first:
            option = options.setdefault(
                fact.competency.slug, CompetencyOption(competency=fact.competency)
            )
            option.facts.append(fact)
            if fact.role_id in variants:
                option.from_variants = unique([*option.from_variants, variants[fact.role_id].name])
            # The strongest grade any article gives sets the default; a
            # competency only named (genoemd) is offered, not ticked.
            if self._counts_by_default(fact.role_id):
                rank = IMPORTANCE_RANK[fact.importance]
                if option.default is None or rank < IMPORTANCE_RANK[option.default]:
                    option.default = fact.importance
        return list(options.values())

    def _task_groups(self, responsibilities):
        """Own groups first, then the variants', then the teams'."""
        order = {self.role.pk: 0, **{v.pk: i + 1 for i, v in enumerate(self.variants)}}
        groups = {}
        for task in responsibilities:
            group = task.group
            if group.pk not in groups:
                owner = next(
                    (r for r in [self.role, *self.variants] if r.pk == group.role_id), None
                ) or next(t for t in self.teams if t.pk == group.team_structure_id)
                groups[group.pk] = TaskGroup(name=group.name, owner=owner)
            groups[group.pk].tasks.append(task)

        def rank(item):
            group = item[1]
            is_role = group.owner.__class__ is self.role.__class__
            return (0, order[group.owner.pk]) if is_role else (1, group.owner.name)

        return [group for _pk, group in sorted(groups.items(), key=rank)]

    def task_is_default(self, task):
        owner = task.group.role_id
        return owner is not None and self._counts_by_default(owner)

    def initial(self):
        """The form's starting values: the profile as the articles give it."""
        return {
            "level": self.default_level.slug if self.default_level else None,
            "must": [o.slug for o in self.competency_options if o.default == MUST],
            "nice": [o.slug for o in self.competency_options if o.default == NICE],
            "tasks": [slug for slug, task in self.tasks.items() if self.task_is_default(task)],
            "team": "",
        }


@dataclass
class Selection:
    level: object
    must: list  # CompetencyOption
    nice: list
    tasks: list  # Responsibility
    team: object = None  # TeamStructure or None


@dataclass
class Warning:
    key: str
    message: str
    sources: list  # Article objects


# Warnings, each resting on an article.


def check(profile, selection):
    warnings = []
    level = selection.level.slug
    articles = profile.article_by_slug
    own_levels = profile.levels_of[profile.role.pk]

    def warn(key, message, sources):
        sources = unique(s for s in sources if s is not None)
        if sources:
            warnings.append(Warning(key, message, sources))

    def level_sources(levels):
        return [
            profile.articles.get(f.source_id)
            for f in profile.level_facts
            if f.role_id == profile.role.pk and f.level.slug in levels
        ]

    def names(slugs):
        return _(" en ").join(
            profile.level_by_slug[s].name.lower()
            for s in (lv.slug for lv in profile.levels)
            if s in slugs
        )

    task_levels = [task.level.slug if task.level else None for task in selection.tasks]
    if (
        level == STRATEGIC
        and selection.tasks
        and all(task_level == OPERATIONAL for task_level in task_levels)
    ):
        warn(
            "strategic-with-operational-tasks",
            _(
                "Je zoekt iemand op strategisch niveau, maar alle gekozen taken zijn "
                "operationeel. De artikelen zien dat de meeste bedrijven alleen operationele "
                "mensen zoeken en zo een kans laten liggen, en noemen een puur operationele "
                "invulling te smal."
            ),
            [articles.get(ARTICLE_CONVERSATION_MANAGER), articles.get(ARTICLE_SOCIAL_MEDIA_TEAM)],
        )

    if own_levels and level not in own_levels:
        warn(
            "level-not-in-profile",
            _("De artikelen beschrijven deze rol op %(levels)s niveau, niet op %(level)s niveau.")
            % {"levels": names(own_levels), "level": selection.level.name.lower()},
            level_sources(own_levels),
        )

    higher = own_levels & {TACTICAL, STRATEGIC}
    if level == OPERATIONAL and higher:
        warn(
            "operational-only",
            _(
                "De artikelen plaatsen deze rol ook op %(levels)s niveau. Met alleen operationeel "
                "werk beschrijft de vacature maar een deel van de rol."
            )
            % {"levels": names(higher)},
            level_sources(higher),
        )

    described_by_community_article = any(
        profile.articles.get(f.source_id) is articles.get(ARTICLE_COMMUNITY_MANAGER)
        for f in profile.level_facts
        if f.role_id == profile.role.pk
    )
    own_tasks = [t for t in profile.tasks.values() if t.group.role_id == profile.role.pk]
    chosen_own = [t for t in selection.tasks if t.group.role_id == profile.role.pk]
    too_narrow = len(own_tasks) >= 4 and len(chosen_own) * 2 < len(own_tasks)
    if described_by_community_article and (level == OPERATIONAL or too_narrow):
        warn(
            "intern-or-social-media-job",
            _(
                "Het kan al in de vacaturetekst misgaan: een vage taakomschrijving, te veel "
                "gericht op sociale media, of een te simpele stagiairsfunctie. Dan blijkt de "
                "nieuwe collega niet toegerust voor wat er verwacht wordt. Maak de volle breedte "
                "van de functie duidelijk."
            ),
            [articles.get(ARTICLE_COMMUNITY_MANAGER)],
        )

    if not selection.tasks:
        warn(
            "no-tasks",
            _(
                "Er staan geen taken in de vacature. Een vage taakomschrijving is volgens het "
                "artikel de eerste plek waar het bij het werven misgaat."
            ),
            [articles.get(ARTICLE_COMMUNITY_MANAGER)],
        )

    if not selection.must:
        warn(
            "no-must-haves",
            _(
                "Er staan geen must-have-competenties in de vacature. Het artikel noemt een paar "
                "kerncompetenties die je als must-have vraagt; zonder eisen wordt de vacature vaag."
            ),
            [articles.get(ARTICLE_COMMUNITY_MANAGER)],
        )

    if selection.team is not None and level == OPERATIONAL:
        position = profile.positions[selection.team.slug]
        if position.is_lead:
            warn(
                "lead-at-operational-level",
                _(
                    "In deze opzet leidt de rol het team; dat past niet bij een vacature op "
                    "alleen operationeel niveau."
                ),
                [profile.articles.get(position.source_id)],
            )
    return warnings
