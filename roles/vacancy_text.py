"""
The vacancy text: `compose()` turns a role's profile and a selection from it
(roles/vacancy.py) into a `Vacancy`: the advertisement itself, written for a
candidate, and beside it the notes for the person who writes it (which
articles the choices rest on, what they say about the chosen team). A
`Vacancy` renders as plain text, Markdown or a document (roles/documents.py);
the HTML page renders the same structure.

The advertisement is written in Dutch whatever the interface language: it is
built from the knowledge base, which is Dutch, and a text that switches
language halfway is of no use to anyone. Its fixed sentences are therefore
not translated; the warnings (roles/vacancy.py) are interface and are.
"""

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .documents import Document
from .models import Placement
from .sentences import and_list, euros, full_stop, lower_first, upper_first
from .vacancy import check, unique


@dataclass
class Item:
    name: str
    detail: str = ""
    url: str = ""
    # A task's or competency's name is set in bold, followed by its detail;
    # a sentence (a task, a citation) is plain from end to end.
    emphasis: bool = True
    # What the writer typed (a town, a salary) is kept as typed.
    as_typed: bool = False

    @property
    def detail_in_line(self):
        """The detail as it reads after "name: "."""
        return self.detail if self.as_typed else full_stop(lower_first(self.detail))

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
        authors = " en ".join(a.name for a in self.authors)
        about = ", ".join(p for p in (authors, self.article.publication) if p)
        if about:
            line += f" ({about})"
        return f"{line} — {', '.join(self.contributions)}" if self.contributions else line


@dataclass
class Vacancy:
    title: str
    sections: list  # the advertisement
    notes: list  # beside it, for the writer: never part of the advertisement
    citations: list
    warnings: list
    role_url: str = ""
    slug: str = ""

    notes_heading = "Bronnen bij deze tekst (niet voor publicatie)"

    def as_text(self, notes=True):
        lines = [self.title, "=" * len(self.title), ""]
        lines += _text_lines(self.sections)
        if notes and self.notes:
            lines += ["", "-" * 40, "", self.notes_heading, "=" * len(self.notes_heading), ""]
            lines += _text_lines(self.notes)
        return "\n".join(lines).rstrip() + "\n"

    def as_markdown(self, notes=True):
        lines = [f"# {_md(self.title)}", ""]
        lines += _markdown_lines(self.sections, "##")
        if notes and self.notes:
            lines += ["---", "", f"## {_md(self.notes_heading)}", ""]
            lines += _markdown_lines(self.notes, "###")
        return "\n".join(lines).rstrip() + "\n"

    def as_document(self):
        document = Document(self.title)
        for section in self.sections:
            document.add_section(section)
        if self.notes:
            document.page_break()
            document.heading(self.notes_heading, level=1)
            for section in self.notes:
                document.add_section(section, level=2)
        return document


def _text_lines(sections):
    lines = []
    for section in sections:
        if section.heading:
            lines += [section.heading, "-" * len(section.heading)]
        for paragraph in section.paragraphs:
            lines += [paragraph, ""]
        for item in section.items:
            lines.append(f"- {item.as_line()}")
        if section.items:
            lines.append("")
    return lines


def _markdown_lines(sections, heading_mark):
    lines = []
    for section in sections:
        if section.heading:
            lines += [f"{heading_mark} {_md(section.heading)}", ""]
        for paragraph in section.paragraphs:
            lines += [_md(paragraph), ""]
        for item in section.items:
            text = f"**{_md(item.name)}**" if item.emphasis else _md(item.name)
            if item.detail:
                text += f": {_md(item.detail_in_line)}"
            lines.append(f"- {text}")
        if section.items:
            lines.append("")
    return lines


def _md(text):
    """Escape what Markdown would read as markup; the rest stays as written."""
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", text)


@dataclass
class Employer:
    """What the writer fills in about the job itself; every field may stay empty."""

    organisation: str = ""
    location: str = ""
    hours: str = ""
    salary_min: int | None = None
    salary_max: int | None = None

    @property
    def salary(self):
        low, high = self.salary_min, self.salary_max
        if low and high:
            span = euros(low) if low == high else f"{euros(low)} tot {euros(high)}"
        elif low:
            span = f"vanaf {euros(low)}"
        elif high:
            span = f"tot {euros(high)}"
        else:
            return ""
        return f"{span} bruto per maand"

    @property
    def hours_text(self):
        hours = self.hours.strip()
        return f"{hours} uur per week" if hours.isdigit() else hours


def _task_section(tasks):
    """
    The tasks as sentences. Tasks named with one bare verb ("Analyseren",
    "Modereren") read as one sentence together; the others each as a
    sentence of their own, with their description after a colon.
    """
    verbs = [t for t in tasks if len(t.name.split()) == 1 and not t.description]
    paragraphs = []
    if verbs:
        named = and_list(lower_first(t.name) for t in verbs)
        paragraphs.append(f"Je werk omvat {named}.")
    items = []
    for task in tasks:
        if task in verbs:
            continue
        line = task.name.strip().rstrip(".")
        if task.description:
            line = f"{line}: {lower_first(task.description.strip())}"
        items.append(
            Item(full_stop(upper_first(line)), url=task.get_absolute_url(), emphasis=False)
        )
    return Section("tasks", "Wat ga je doen", paragraphs=paragraphs, items=items)


def _offer_section(employer):
    items = [
        Item(name, detail, as_typed=True)
        for name, detail in (
            ("Standplaats", employer.location.strip()),
            ("Uren", employer.hours_text),
            ("Salaris", employer.salary),
        )
        if detail
    ]
    return Section("offer", "Wat bieden we", items=items) if items else None


def compose(profile, selection, role_url="", employer=None):
    employer = employer or Employer()
    role, level = profile.role, selection.level
    role_name = lower_first(role.name)
    level_name = level.name.lower()
    variants_here = [v for v in profile.variants if level.slug in profile.levels_of[v.pk]]
    organisation = employer.organisation.strip()

    who = f"{organisation} zoekt" if organisation else "Wij zoeken"
    intro = [f"{who} een {role_name} op {level_name} niveau."]
    if role.summary:
        intro.append(full_stop(f"De rol: {lower_first(role.summary)}"))
    # What the role is at this level: the summary of its variant at this
    # level (a complete sentence of its own), or else what the level means.
    if variants_here:
        intro += [full_stop(variant.summary) for variant in variants_here if variant.summary]
    elif level.description:
        intro.append(full_stop(level.description))
    shown_roles = {role.pk, *(v.pk for v in variants_here)}
    titles = unique(t.title for t in profile.titles if t.role_id in shown_roles)
    if titles:
        intro.append(full_stop(f"Ook bekend als: {', '.join(titles)}"))

    sections = [Section("intro", "", paragraphs=intro)]
    if selection.tasks:
        sections.append(_task_section(selection.tasks))
    for key, heading, options in (
        ("must", "Wat vragen we", selection.must),
        ("nice", "Pré", selection.nice),
    ):
        if options:
            items = [
                Item(o.competency.name, o.competency.summary, o.competency.get_absolute_url())
                for o in options
            ]
            sections.append(Section(key, heading, items=items))
    if selection.team is not None:
        sections.append(
            Section("team", "Het team", paragraphs=_team_paragraphs(profile, selection))
        )
    offer = _offer_section(employer)
    if offer:
        sections.append(offer)

    citations = _citations(profile, selection)
    notes = _notes(profile, selection, citations, role_url)

    at = f" bij {organisation}" if organisation else ""
    return Vacancy(
        title=f"Vacature: {role.name}{at} ({level_name} niveau)",
        sections=sections,
        notes=notes,
        citations=citations,
        warnings=check(profile, selection),
        role_url=role_url,
        slug=f"{role.slug}-{level.slug}",
    )


def _with_the(names):
    return and_list(f"de {lower_first(name)}" for name in names)


def _team_paragraphs(profile, selection):
    """What a candidate needs to know about the team: their place and their colleagues."""
    team = selection.team
    position = profile.positions[team.slug]
    members = profile.team_members[team.pk]
    inside = unique(m.role.name for m in members if m.placement == Placement.IN_TEAM)
    outside = unique(m.role.name for m in members if m.placement == Placement.OUTSIDE)
    if position.placement == Placement.OUTSIDE and not position.is_lead:
        # Not in the team: who is in it, and who else works with it from
        # outside; never "in het team werk je samen met".
        paragraphs = ["Je werkt nauw samen met het team, zonder er deel van uit te maken."]
        if inside:
            paragraphs.append(f"In het team zitten {_with_the(inside)}.")
        if outside:
            also = _with_the(outside)
            verb = "werkt" if len(outside) == 1 else "werken"
            paragraphs.append(f"Net als jij {verb} {also} van buitenaf met het team samen.")
        return paragraphs
    if position.is_lead:
        paragraphs = ["Je leidt het team en draagt de eindverantwoordelijkheid."]
    else:
        paragraphs = ["Je maakt deel uit van het team."]
    if inside:
        paragraphs.append(f"In het team werk je samen met {_with_the(inside)}.")
    if outside:
        paragraphs.append(f"Buiten het team werk je nauw samen met {_with_the(outside)}.")
    return paragraphs


def _notes(profile, selection, citations, role_url):
    """Beside the advertisement: the team model and its sources, and the articles."""
    notes = []
    if selection.team is not None:
        team = selection.team
        position = profile.positions[team.slug]
        paragraphs = [full_stop(f"Teamopzet: {team.name}. {team.summary}")]
        if team.company_size:
            paragraphs.append(
                full_stop(
                    f"Volgens de artikelen past deze opzet bij: {lower_first(team.company_size)}"
                )
            )
        if position.description:
            source = profile.articles.get(position.source_id)
            said = f" (bron: {source.title})" if source else ""
            paragraphs.append(
                full_stop(f"Over deze plek in het team: {position.description}") + said
            )
        notes.append(Section("team-notes", "Het team", paragraphs=paragraphs))
    if citations:
        notes.append(
            Section(
                "why",
                "Waarom dit profiel",
                paragraphs=[
                    "Deze tekst is samengesteld met Rolwijzer, uit het rolprofiel en de artikelen "
                    "waarop het steunt:"
                ],
                items=[
                    Item(c.as_line(), url=c.article.get_absolute_url(), emphasis=False)
                    for c in citations
                ],
            )
        )
    if role_url:
        notes.append(Section("more", "", paragraphs=[f"Meer over deze rol: {role_url}"]))
    return notes


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
            parts.append("het niveau")
        if competencies[article.pk]:
            n = len(competencies[article.pk])
            parts.append(f"{n} competentie" if n == 1 else f"{n} competenties")
        if tasks[article.pk]:
            n = tasks[article.pk]
            parts.append(f"{n} taak" if n == 1 else f"{n} taken")
        if article.pk in team_sources:
            parts.append("de teamopzet")
        if parts:
            citations.append(Citation(article, parts))
    return citations
