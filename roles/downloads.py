"""
Open-data downloads: the published knowledge base as one JSON file in the
fixture format, and one CSV file per kind of entry.

The JSON file reuses the fixture export (articles/exporting.py) and then
leaves out everything that is not published: a draft article's file, draft
entries and facts, and links to drafts. Each member of its `files` object is
one fixture file; written to a directory, `manage.py load_articles` reads
them back (tests/test_downloads.py does exactly that).

The CSV files read the same published querysets as the API (roles/api.py),
one row per entry, linked entries as slugs joined with ";".
"""

import csv
import json
from collections import defaultdict

from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from articles.fixture_format import (
    ARTICLE,
    ENTRY_SECTIONS,
    FILE_SECTIONS,
    NESTED,
    REF,
    REFS,
    RESPONSIBILITY_GROUPS,
)
from articles.models import Status
from rolwijzer.cache import PAGE_CACHE_SECONDS, content_version

from . import api

PUBLISHED = Status.PUBLISHED
UNSOURCED_FILE = "_zonder-bron"
LICENCE = {
    "name": "CC BY 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
    "note": (
        "Editorial choice: Rolwijzer's own summaries are offered under CC BY 4.0. The data "
        "are summaries in our own words of the articles named as sources; short quotes "
        "remain their authors' and the articles themselves are not included."
    ),
}


# The JSON download.


def _is_draft(item):
    return item.get("status", PUBLISHED) != PUBLISHED


def _draft_slugs(files):
    """{section name: slugs of drafts}, over every file."""
    drafts = defaultdict(set)
    for data in files.values():
        article = data.get(ARTICLE.name)
        if article and _is_draft(article):
            drafts[ARTICLE.name].add(article["slug"])
        for section in FILE_SECTIONS[1:]:
            for item in data.get(section.name, ()):
                if "slug" in item and _is_draft(item):
                    drafts[section.name].add(item["slug"])
                for field in section.fields:
                    if field.kind == NESTED:
                        for child in item.get(field.key, ()):
                            if _is_draft(child):
                                drafts[field.nested.name].add(child["slug"])
    return drafts


def _published_item(section, item, drafts):
    """The item without links to drafts, or None if it is not public."""
    if _is_draft(item):
        return None
    item = dict(item)
    for field in section.fields:
        value = item.get(field.key)
        if field.kind == REF and value in drafts[field.target]:
            if field.required:
                return None  # a fact about a draft is not public
            item[field.key] = None
        elif field.kind == REFS and value:
            item[field.key] = [slug for slug in value if slug not in drafts[field.target]]
        elif field.kind == NESTED and value:
            children = (_published_item(field.nested, child, drafts) for child in value)
            item[field.key] = [child for child in children if child is not None]
    if section is RESPONSIBILITY_GROUPS and not (item.get("role") or item.get("team_structure")):
        return None  # its owner is a draft
    return item


def published_fixture_files(files):
    """
    Fixture files ({name: data}, as the export makes them) reduced to what
    readers may see. A published entry that only a draft article described
    moves to the file of entries without a source.
    """
    drafts = _draft_slugs(files)
    result = {}
    kept = defaultdict(set)
    orphans = defaultdict(dict)
    for name, data in sorted(files.items()):
        stem = name.rsplit(".", 1)[0]
        article = data.get(ARTICLE.name)
        if article and article["slug"] in drafts[ARTICLE.name]:
            for section in ENTRY_SECTIONS:
                for item in data.get(section.name, ()):
                    if not _is_draft(item):
                        orphans[section][item["slug"]] = item
            continue
        out = {}
        for section in FILE_SECTIONS:
            if section.name not in data:
                continue
            if section is ARTICLE:
                out[section.name] = _published_item(section, data[section.name], drafts)
                continue
            items = (_published_item(section, item, drafts) for item in data[section.name])
            items = [item for item in items if item is not None]
            if section in ENTRY_SECTIONS:
                kept[section].update(item["slug"] for item in items)
            if items:
                out[section.name] = items
        result[stem] = out
    for section, items in orphans.items():
        missing = [item for slug, item in sorted(items.items()) if slug not in kept[section]]
        if missing:
            unsourced = result.setdefault(UNSOURCED_FILE, {})
            unsourced[section.name] = unsourced.get(section.name, []) + missing
    return result


def knowledge_base_json():
    """The whole published knowledge base, as the JSON download holds it."""
    # The loader's view of the database, as the export command reads it.
    from articles.exporting import Export
    from articles.loading import State

    files = published_fixture_files(Export(State()).files)
    return {
        "name": "Rolwijzer",
        "description": (
            "Role profiles for community and conversation management, with the source of "
            "every fact. Each member of `files` is one fixture file (fixtures/README.md): "
            "write each to <name>.json in an empty directory and run "
            "`manage.py load_articles <directory>`."
        ),
        "licence": LICENCE,
        "files": {f"{stem}.json": data for stem, data in sorted(files.items())},
    }


def knowledge_base_download(request):
    # Building the file reads every table; keep it under the content version,
    # which every write to the knowledge replaces (rolwijzer/cache.py).
    key = f"rolwijzer:downloads:json:{content_version()}"
    body = cache.get(key)
    if body is None:
        body = json.dumps(
            knowledge_base_json(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1
        )
        cache.set(key, body, PAGE_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="rolwijzer.json"'
    return response


# The CSV downloads.


def _slugs(items):
    return ";".join(item.slug for item in items)


def _names(items):
    return ";".join(sorted(item.name for item in items))


def _site_url(request, obj):
    return request.build_absolute_uri(obj.get_absolute_url())


def _published_slug(obj):
    return obj.slug if obj is not None and obj.status == PUBLISHED else ""


def _role_row(role):
    competencies = {"must": [], "nice": []}
    for fact in role.role_competencies.all():
        competencies[fact.importance].append(fact.competency)
    return {
        "slug": role.slug,
        "name": role.name,
        "summary": role.summary,
        "description": role.description,
        "levels": _slugs(dict.fromkeys(f.level for f in role.role_levels.all())),
        "alternative_titles": ";".join(
            dict.fromkeys(t.title for t in role.alternative_titles.all())
        ),
        "competencies_must": _slugs(dict.fromkeys(competencies["must"])),
        "competencies_nice": _slugs(dict.fromkeys(competencies["nice"])),
        "related_roles": ";".join(f"{r.kind}:{r.to_role.slug}" for r in role.relations_out.all()),
        "team_structures": _slugs(
            dict.fromkeys(p.team_structure for p in role.team_positions.all())
        ),
        "tags": _names(role.tags.all()),
        "sources": _slugs(role.sources.all()),
    }


def _competency_row(competency):
    return {
        "slug": competency.slug,
        "name": competency.name,
        "summary": competency.summary,
        "description": competency.description,
        "roles": _slugs(dict.fromkeys(f.role for f in competency.role_competencies.all())),
        "tags": _names(competency.tags.all()),
        "sources": _slugs(competency.sources.all()),
    }


def _responsibility_row(responsibility):
    group = responsibility.group
    return {
        "slug": responsibility.slug,
        "name": responsibility.name,
        "description": responsibility.description,
        "level": _published_slug(responsibility.level),
        "group": group.slug,
        "group_name": group.name,
        "role": _published_slug(group.role),
        "team_structure": _published_slug(group.team_structure),
        "source": responsibility.source.slug,
        "said_by": _published_slug(responsibility.said_by),
    }


def _level_row(level):
    return {
        "slug": level.slug,
        "name": level.name,
        "order": level.order,
        "description": level.description,
        "roles": _slugs(dict.fromkeys(f.role for f in level.role_levels.all())),
    }


def _team_structure_row(team):
    positions = team.positions.all()
    return {
        "slug": team.slug,
        "name": team.name,
        "summary": team.summary,
        "description": team.description,
        "company_size": team.company_size,
        "integration_stage": team.integration_stage,
        "lead_roles": _slugs(dict.fromkeys(p.role for p in positions if p.is_lead)),
        "member_roles": _slugs(
            dict.fromkeys(p.role for p in positions if not p.is_lead and p.placement == "in_team")
        ),
        "outside_roles": _slugs(
            dict.fromkeys(p.role for p in positions if p.placement != "in_team")
        ),
        "tags": _names(team.tags.all()),
        "sources": _slugs(team.sources.all()),
    }


def _company_row(company):
    return {
        "slug": company.slug,
        "name": company.name,
        "description": company.description,
        "country": company.country,
        "sector": company.sector,
        "examples": _slugs(company.examples.all()),
        "tags": _names(company.tags.all()),
        "sources": _slugs(company.sources.all()),
    }


def _company_example_row(example):
    return {
        "slug": example.slug,
        "company": example.company.slug,
        "title": example.title,
        "description": example.description,
        "figures": example.figures,
        "team_size": "" if example.team_size is None else example.team_size,
        "roles": _slugs(example.roles.all()),
        "team_structure": _published_slug(example.team_structure),
        "source": example.source.slug,
        "said_by": _published_slug(example.said_by),
    }


def _statement_row(statement):
    return {
        "slug": statement.slug,
        "kind": statement.kind,
        "text": statement.text,
        "quote": statement.quote,
        "in_comment": "true" if statement.in_comment else "false",
        "said_on": statement.said_on.isoformat() if statement.said_on else "",
        "roles": _slugs(statement.roles.all()),
        "competencies": _slugs(statement.competencies.all()),
        "team_structures": _slugs(statement.team_structures.all()),
        "companies": _slugs(statement.companies.all()),
        "tags": _names(statement.tags.all()),
        "source": statement.source.slug,
        "said_by": _published_slug(statement.said_by),
    }


def _article_row(article):
    return {
        "slug": article.slug,
        "title": article.title,
        "title_is_descriptive": "true" if article.title_is_descriptive else "false",
        "publication": article.publication,
        "authors": _slugs(article.authors.all()),
        "published_on": article.published_on.isoformat() if article.published_on else "",
        "language": article.language,
        "url": article.url,
        "summary": article.summary,
        "stated_comment_count": (
            "" if article.stated_comment_count is None else article.stated_comment_count
        ),
        "tags": _names(article.tags.all()),
    }


def _person_row(person):
    return {
        "slug": person.slug,
        "name": person.name,
        "affiliation": person.affiliation,
        "description": person.description,
        "articles": _slugs(person.authored_articles.all()),
    }


class CsvKind:
    """
    One CSV file: which published entries (the API's queryset for the kind),
    and how one becomes a row. `columns` fixes the header, also for an empty
    file; a row with other keys is an error (csv.DictWriter's default).
    """

    def __init__(self, slug, label, viewset, row, columns):
        self.slug, self.label, self.viewset, self.row = slug, label, viewset, row
        self.columns = [*columns.split(), "site_url"]

    def queryset(self):
        return self.viewset.queryset.all()


# One CSV per kind of entry, in the order of the downloads page.
CSV_KINDS = {
    kind.slug: kind
    for kind in [
        CsvKind(
            "roles",
            _("Rollen"),
            api.RoleViewSet,
            _role_row,
            "slug name summary description levels alternative_titles competencies_must "
            "competencies_nice related_roles team_structures tags sources",
        ),
        CsvKind(
            "competencies",
            _("Competenties"),
            api.CompetencyViewSet,
            _competency_row,
            "slug name summary description roles tags sources",
        ),
        CsvKind(
            "responsibilities",
            _("Verantwoordelijkheden"),
            api.ResponsibilityViewSet,
            _responsibility_row,
            "slug name description level group group_name role team_structure source said_by",
        ),
        CsvKind(
            "levels",
            _("Niveaus"),
            api.LevelViewSet,
            _level_row,
            "slug name order description roles",
        ),
        CsvKind(
            "teams",
            _("Teamstructuren"),
            api.TeamStructureViewSet,
            _team_structure_row,
            "slug name summary description company_size integration_stage lead_roles member_roles "
            "outside_roles tags sources",
        ),
        CsvKind(
            "companies",
            _("Bedrijven"),
            api.CompanyViewSet,
            _company_row,
            "slug name description country sector examples tags sources",
        ),
        CsvKind(
            "company-examples",
            _("Bedrijfsvoorbeelden"),
            api.CompanyExampleViewSet,
            _company_example_row,
            "slug company title description figures team_size roles team_structure source said_by",
        ),
        CsvKind(
            "statements",
            _("Uitspraken"),
            api.StatementViewSet,
            _statement_row,
            "slug kind text quote in_comment said_on roles competencies team_structures companies "
            "tags source said_by",
        ),
        CsvKind(
            "articles",
            _("Artikelen"),
            api.ArticleViewSet,
            _article_row,
            "slug title title_is_descriptive publication authors published_on language url summary "
            "stated_comment_count tags",
        ),
        CsvKind(
            "people",
            _("Personen"),
            api.PersonViewSet,
            _person_row,
            "slug name affiliation description articles",
        ),
    ]
}

# A cell that starts like a formula is shown as text by spreadsheets
# (the usual defence against CSV injection); nothing else is changed.
_FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def _cell(value):
    value = str(value)
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_download(request, kind):
    try:
        csv_kind = CSV_KINDS[kind]
    except KeyError:
        raise Http404(f"No CSV file for {kind!r}.") from None
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rolwijzer-{kind}.csv"'
    # A byte order mark, so that Excel reads the file as UTF-8.
    response.write("\ufeff")
    writer = csv.DictWriter(response, fieldnames=csv_kind.columns, lineterminator="\r\n")
    writer.writeheader()
    for obj in csv_kind.queryset():
        row = {**csv_kind.row(obj), "site_url": _site_url(request, obj)}
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return response


class DownloadsView(TemplateView):
    template_name = "roles/downloads.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(csv_kinds=CSV_KINDS.values(), licence=LICENCE, **kwargs)


download_patterns = [
    path("", DownloadsView.as_view(), name="index"),
    path("rolwijzer.json", knowledge_base_download, name="json"),
    path("<slug:kind>.csv", csv_download, name="csv"),
]
