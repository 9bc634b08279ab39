"""
A role profile to take away: /roles/<slug>/profiel.docx and profiel.pdf, the
role page as a document (roles/documents.py) with every fact's source under
it. Public roles only, loaded as the page loads them (`for_detail()`), so the
file holds what a reader of the page sees and no more.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.views import View

from editorial.views import PublicPage

from .documents import DOCX_TYPE, PDF_TYPE, Bullet, Document
from .facts import IMPORTANCE_RANK
from .models import Role
from .relations import related_roles, variants_of
from .views import level_facts, sources_of

FORMATS = {
    "docx": (DOCX_TYPE, Document.as_docx),
    "pdf": (PDF_TYPE, Document.as_pdf),
}


def source_line(fact):
    """'Bron: <article>, <person>' under a fact, as the page's "bron" line."""
    line = f"Bron: {fact.source.title}"
    person = fact.said_by
    if person is not None and person.is_public:
        line += f", {person.name}"
    return line


def profile_document(role, url):
    """The role page as a document, in Dutch like the knowledge it holds."""
    groups = list(role.responsibility_groups.all())
    document = Document(role.name, subject="Rolprofiel")
    document.paragraph(role.summary)
    levels = [level for item in level_facts(role.role_levels.all()) for level in item["levels"]]
    names = list(dict.fromkeys(level.name.lower() for level in levels))
    if names:
        joined = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"
        document.paragraph(f"Niveau: {joined}.")
    for paragraph in (role.description or "").split("\n\n"):
        document.paragraph(paragraph.strip())

    titles = role.alternative_titles.all()
    if titles:
        document.heading("Ook bekend als")
        document.bullets(Bullet("", t.title, source_line(t)) for t in titles)

    facts = level_facts(role.role_levels.all())
    if any(item["fact"].note for item in facts):
        document.heading("Niveaus")
        document.bullets(
            Bullet(
                ", ".join(level.name for level in item["levels"]),
                item["fact"].note,
                source_line(item["fact"]),
            )
            for item in facts
        )

    if groups:
        document.heading("Verantwoordelijkheden")
        for group in groups:
            document.heading(group.name, level=2)
            document.paragraph(group.description)
            document.bullets(
                Bullet(
                    "",
                    r.name
                    + (f": {r.description}" if r.description else "")
                    + (f" ({r.level.name.lower()})" if r.level and r.level.is_public else ""),
                )
                for r in group.responsibilities.all()
            )
            document.paragraph(source_line(group), note=True)

    # The role's own competencies, then each variant's under its name, as
    # on the page.
    variants = variants_of(role)
    sets = [("", role.role_competencies.all())]
    sets += [(f"Als {v['role'].name}", v["competencies"]) for v in variants]
    if any(facts for _title, facts in sets):
        document.heading("Competenties")
    for title, facts in sets:
        if not facts:
            continue
        if title:
            document.heading(title, level=2)
        document.bullets(
            Bullet(
                f"{rc.competency.name} ({rc.get_importance_display()})",
                rc.explanation or rc.competency.summary,
                source_line(rc),
            )
            for rc in sorted(facts, key=lambda rc: IMPORTANCE_RANK[rc.importance])
        )

    related = related_roles(role)
    if related:
        document.heading("Verwante rollen")
        document.bullets(
            Bullet(
                f"{role.name} {group['label']}", item["role"].name, source_line(item["relation"])
            )
            for group in related
            for item in group["items"]
        )

    positions = role.team_positions.all()
    if positions:
        # Two articles may place the role in the same team: one line, both sources.
        teams = {}
        for p in positions:
            teams.setdefault(p.team_structure_id, []).append(p)
        document.heading("In teamstructuren")
        document.bullets(
            Bullet(
                same[0].team_structure.name,
                "leidt het team"
                if any(p.is_lead for p in same)
                else same[0].get_placement_display(),
                "; ".join(dict.fromkeys(source_line(p) for p in same)),
            )
            for same in teams.values()
        )

    sources = sources_of(
        role.sources.all(),
        role.role_levels.all(),
        titles,
        [rc for _title, facts in sets for rc in facts],
        positions,
        groups,
    )
    if sources:
        document.heading("Bronnen")
        document.bullets(
            Bullet(
                "",
                article.title
                + (f" ({article.publication})" if article.publication else "")
                + (f", {article.url}" if article.url else ""),
            )
            for article in sources
        )
    document.paragraph(
        f"Uit Rolwijzer, {url}. Elk feit noemt het artikel, en waar bekend de persoon, "
        "waar het vandaan komt.",
        note=True,
    )
    return document


class RoleProfileDownload(PublicPage, View):
    """The profile as a file; a draft or unknown role is a 404, as its page is to readers."""

    def get(self, request, slug, fmt):
        role = get_object_or_404(Role.objects.public().for_detail(), slug=slug)
        document = profile_document(role, request.build_absolute_uri(role.get_absolute_url()))
        content_type, render = FORMATS[fmt]
        response = HttpResponse(render(document), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="rolprofiel-{role.slug}.{fmt}"'
        return response
