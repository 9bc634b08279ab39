"""
The vacancy text builder: from a role's profile and the choices of the
person writing the vacancy (level, must-have and nice-to-have competencies,
tasks, team) a vacancy text, with the warnings the articles give and a
"why this profile" section that cites them.

`VacancyProfile` loads everything a role's vacancy can draw on in a fixed
number of queries: the role itself, its variants (roles that are a variant
of it, such as the operational and the strategic conversation manager) and
the team structures it holds a position in. `compose()` turns a selection
into a `Vacancy`, which renders as plain text or Markdown; the HTML page
renders the same structure.

Fixed sentences are translated (gettext); the content of the knowledge base
(names, summaries) stays Dutch.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article, Person, Status

from .models import (
    AlternativeTitle,
    Importance,
    Level,
    Placement,
    RelationKind,
    Responsibility,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    TeamPosition,
)

PUBLISHED = Status.PUBLISHED
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


def lower_first(text):
    """'Interacties op gang brengen' -> 'interacties op gang brengen', but keep 'HR' or 'Intel'."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        first_word = text.split(None, 1)[0]
        # A capital inside the first word hints at a name (eBay, McKinsey).
        if not any(c.isupper() for c in first_word[1:]):
            return text[0].lower() + text[1:]
    return text


def _unique(items):
    return list(dict.fromkeys(items))


# What a vacancy can draw on.


@dataclass
class CompetencyOption:
    competency: object
    facts: list = field(default_factory=list)
    default: str | None = None  # "must", "nice" or None (not ticked)
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
        self.levels = list(Level.objects.published())
        self.level_by_slug = {level.slug: level for level in self.levels}

        relations = (
            RoleRelation.objects.public()
            .filter(to_role=role, kind=RelationKind.VARIANT_OF, from_role__status=PUBLISHED)
            .select_related("from_role")
            .order_by("from_role__name")
        )
        self.variants = _unique(r.from_role for r in relations)
        family = [role, *self.variants]
        family_ids = [r.pk for r in family]

        self.level_facts = list(
            RoleLevel.objects.public()
            .filter(role__in=family_ids, level__status=PUBLISHED)
            .select_related("level")
        )
        self.levels_of = defaultdict(set)
        for fact in self.level_facts:
            self.levels_of[fact.role_id].add(fact.level.slug)

        self.titles = list(
            AlternativeTitle.objects.public().filter(role__in=family_ids).order_by("title")
        )
        competency_facts = list(
            RoleCompetency.objects.public()
            .filter(role__in=family_ids, competency__status=PUBLISHED)
            .select_related("competency")
        )
        positions = list(
            TeamPosition.objects.public()
            .filter(role=role, team_structure__status=PUBLISHED)
            .select_related("team_structure")
            .order_by("team_structure__name")
        )
        self.positions = {p.team_structure.slug: p for p in positions}
        self.teams = _unique(p.team_structure for p in positions)
        team_ids = [t.pk for t in self.teams]
        self.team_members = defaultdict(list)
        for member in (
            TeamPosition.objects.public()
            .filter(team_structure__in=team_ids, role__status=PUBLISHED)
            .exclude(role=role)
            .select_related("role")
        ):
            self.team_members[member.team_structure_id].append(member)

        responsibilities = list(
            Responsibility.objects.public()
            .filter(Q(group__role__in=family_ids) | Q(group__team_structure__in=team_ids))
            .select_related("group", "level")
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
            for article in Article.objects.published()
            .filter(Q(pk__in=cited) | Q(slug__in=CITED_ARTICLES))
            .prefetch_related(Prefetch("authors", queryset=Person.objects.published()))
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
                option.from_variants = _unique([*option.from_variants, variants[fact.role_id].name])
            if self._counts_by_default(fact.role_id):
                if fact.importance == MUST or option.default is None:
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


# The result.


@dataclass
class Item:
    name: str
    detail: str = ""
    url: str = ""
    # Markdown sets a task's or competency's name in bold; a citation is a
    # sentence of its own and stays plain.
    emphasis: bool = True

    @property
    def detail_in_line(self):
        """The detail as it reads after "name: "."""
        return lower_first(self.detail)

    def as_line(self):
        return f"{self.name}: {self.detail_in_line}" if self.detail else self.name


@dataclass
class Section:
    key: str
    heading: str
    paragraphs: list = field(default_factory=list)
    items: list = field(default_factory=list)


@dataclass
class Citation:
    article: object
    contributions: list

    @property
    def authors(self):
        return list(self.article.authors.all())

    def as_line(self):
        line = self.article.title
        authors = _(" en ").join(a.name for a in self.authors)
        about = ", ".join(p for p in (authors, self.article.publication) if p)
        if about:
            line += f" ({about})"
        return f"{line} — {', '.join(self.contributions)}" if self.contributions else line


@dataclass
class Warning:
    key: str
    message: str
    sources: list  # Article objects


@dataclass
class Vacancy:
    title: str
    sections: list
    citations: list
    warnings: list
    role_url: str = ""
    slug: str = ""

    def as_text(self):
        lines = [self.title, "=" * len(self.title), ""]
        for section in self.sections:
            if section.heading:
                lines += [section.heading, "-" * len(section.heading)]
            for paragraph in section.paragraphs:
                lines += [paragraph, ""]
            for item in section.items:
                lines.append(f"- {item.as_line()}")
            if section.items:
                lines.append("")
        return "\n".join(lines).rstrip() + "\n"

    def as_markdown(self):
        lines = [f"# {_md(self.title)}", ""]
        for section in self.sections:
            if section.heading:
                lines += [f"## {_md(section.heading)}", ""]
            for paragraph in section.paragraphs:
                lines += [_md(paragraph), ""]
            for item in section.items:
                text = f"**{_md(item.name)}**" if item.emphasis else _md(item.name)
                if item.detail:
                    text += f": {_md(item.detail_in_line)}"
                lines.append(f"- {text}")
            if section.items:
                lines.append("")
        return "\n".join(lines).rstrip() + "\n"


def _md(text):
    """Escape what Markdown would read as markup; the rest stays as written."""
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", text)


@dataclass
class Selection:
    level: object
    must: list  # CompetencyOption
    nice: list
    tasks: list  # Responsibility
    team: object = None  # TeamStructure or None


def compose(profile, selection, role_url=""):
    role, level = profile.role, selection.level
    role_name = lower_first(role.name)
    level_name = level.name.lower()
    variants_here = [v for v in profile.variants if level.slug in profile.levels_of[v.pk]]

    intro = [
        _("Wij zoeken een %(role)s op %(level)s niveau.") % {"role": role_name, "level": level_name}
    ]
    if role.summary:
        intro.append(_("De rol: %(summary)s") % {"summary": lower_first(role.summary)})
    # What the role is at this level: the summary of its variant at this
    # level (a complete sentence of its own), or else what the level means.
    if variants_here:
        intro += [variant.summary for variant in variants_here if variant.summary]
    elif level.description:
        intro.append(level.description)
    shown_roles = {role.pk, *(v.pk for v in variants_here)}
    titles = _unique(t.title for t in profile.titles if t.role_id in shown_roles)
    if titles:
        intro.append(_("Ook bekend als: %(titles)s.") % {"titles": ", ".join(titles)})

    sections = [Section("intro", "", paragraphs=intro)]
    if selection.tasks:
        sections.append(
            Section(
                "tasks",
                _("Wat ga je doen"),
                items=[Item(t.name, t.description, t.get_absolute_url()) for t in selection.tasks],
            )
        )
    for key, heading, options in (
        ("must", _("Wat vragen we"), selection.must),
        ("nice", _("Pré"), selection.nice),
    ):
        if options:
            sections.append(
                Section(
                    key,
                    heading,
                    items=[
                        Item(
                            o.competency.name, o.competency.summary, o.competency.get_absolute_url()
                        )
                        for o in options
                    ],
                )
            )
    if selection.team is not None:
        sections.append(
            Section("team", _("Het team"), paragraphs=_team_paragraphs(profile, selection))
        )

    citations = _citations(profile, selection)
    if citations:
        why = [
            _(
                "Deze tekst is samengesteld met Rolwijzer, uit het rolprofiel en de artikelen "
                "waarop het steunt:"
            )
        ]
        sections.append(
            Section(
                "why",
                _("Waarom dit profiel"),
                paragraphs=why,
                items=[
                    Item(c.as_line(), url=c.article.get_absolute_url(), emphasis=False)
                    for c in citations
                ],
            )
        )
    if role_url:
        sections.append(
            Section("more", "", paragraphs=[_("Meer over deze rol: %(url)s") % {"url": role_url}])
        )

    title = _("Vacature: %(role)s (%(level)s niveau)") % {"role": role.name, "level": level_name}
    return Vacancy(
        title=title,
        sections=sections,
        citations=citations,
        warnings=check(profile, selection),
        role_url=role_url,
        slug=f"{role.slug}-{level.slug}",
    )


def _team_paragraphs(profile, selection):
    team = selection.team
    position = profile.positions[team.slug]
    paragraphs = [
        _("Je werkt in deze opzet: %(team)s. %(summary)s")
        % {"team": team.name, "summary": team.summary}
    ]
    if position.is_lead:
        paragraphs.append(_("Je leidt het team."))
    elif position.placement == Placement.OUTSIDE:
        paragraphs.append(_("Je werkt nauw samen met het team, zonder er deel van uit te maken."))
    else:
        paragraphs.append(_("Je maakt deel uit van het team."))
    if position.description:
        paragraphs.append(position.description)
    members = profile.team_members[team.pk]
    inside = _unique(m.role.name for m in members if m.placement == Placement.IN_TEAM)
    outside = _unique(m.role.name for m in members if m.placement == Placement.OUTSIDE)
    if inside:
        paragraphs.append(_("In het team: %(roles)s.") % {"roles": ", ".join(inside)})
    if outside:
        paragraphs.append(
            _("Buiten het team werk je samen met: %(roles)s.") % {"roles": ", ".join(outside)}
        )
    if team.company_size:
        paragraphs.append(
            _("Volgens de artikelen past deze opzet bij: %(size)s.")
            % {"size": lower_first(team.company_size)}
        )
    return paragraphs


def _citations(profile, selection):
    """The articles behind the choices, each with what it contributed."""
    level_sources = {
        f.source_id
        for f in profile.level_facts
        if f.level.slug == selection.level.slug and f.role_id == profile.role.pk
    }
    competencies = defaultdict(set)
    for option in (*selection.must, *selection.nice):
        for fact in option.facts:
            competencies[fact.source_id].add(option.slug)
    tasks = Counter(task.source_id for task in selection.tasks)
    team_sources = set()
    if selection.team is not None:
        team_sources.add(profile.positions[selection.team.slug].source_id)

    citations = []
    for article in sorted(profile.articles.values(), key=lambda a: a.title.lower()):
        parts = []
        if article.pk in level_sources:
            parts.append(_("het niveau"))
        if competencies[article.pk]:
            n = len(competencies[article.pk])
            parts.append(ngettext("%(n)d competentie", "%(n)d competenties", n) % {"n": n})
        if tasks[article.pk]:
            n = tasks[article.pk]
            parts.append(ngettext("%(n)d taak", "%(n)d taken", n) % {"n": n})
        if article.pk in team_sources:
            parts.append(_("de teamopzet"))
        if parts:
            citations.append(Citation(article, parts))
    return citations


# Warnings, each resting on an article.


def check(profile, selection):
    warnings = []
    level = selection.level.slug
    articles = profile.article_by_slug
    own_levels = profile.levels_of[profile.role.pk]

    def warn(key, message, sources):
        sources = _unique(s for s in sources if s is not None)
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
