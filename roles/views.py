from collections import defaultdict

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, ListView, TemplateView
from taggit.models import Tag

from articles.models import Article, Person, Status

from .models import (
    Company,
    Competency,
    Importance,
    Level,
    RelationKind,
    Responsibility,
    Role,
    RoleCompetency,
    Statement,
    StatementKind,
    TeamStructure,
)
from .orgchart import merge_positions, org_chart

# How a relation reads from the page of the role it points to: "A leads B"
# appears on B's page as "B wordt geleid door A". Symmetric kinds read the
# same both ways.
INVERSE_RELATION_LABELS = {
    RelationKind.LEADS: _("wordt geleid door"),
    RelationKind.REPORTS_TO: _("krijgt rapportages van"),
    RelationKind.WORKS_CLOSELY_WITH: RelationKind.WORKS_CLOSELY_WITH.label,
    RelationKind.SUPPORTS: _("wordt ondersteund door"),
    RelationKind.VARIANT_OF: _("heeft als variant"),
    RelationKind.GROWS_INTO: _("is een doorgroeimogelijkheid voor"),
    RelationKind.CONTRASTED_WITH: RelationKind.CONTRASTED_WITH.label,
    RelationKind.ALTERNATIVE_FOR: _("heeft als voorgesteld alternatief"),
}
RELATION_ORDER = {kind: i for i, kind in enumerate(RelationKind.values)}


def related_roles(role):
    """
    The role's relations in both directions, grouped by how they read from
    this role: [{"label", "items": [{"role", "relation"}]}], from the
    prefetched relations_out and relations_in.
    """
    groups = {}
    for relation in role.relations_out.all():
        label = RelationKind(relation.kind).label
        groups.setdefault((RELATION_ORDER[relation.kind], 0, str(label)), []).append(
            {"role": relation.to_role, "relation": relation}
        )
    for relation in role.relations_in.all():
        label = INVERSE_RELATION_LABELS[relation.kind]
        symmetric = label == RelationKind(relation.kind).label
        key = (RELATION_ORDER[relation.kind], 0 if symmetric else 1, str(label))
        groups.setdefault(key, []).append({"role": relation.from_role, "relation": relation})
    return [
        {"label": key[2], "items": sorted(items, key=lambda item: item["role"].name)}
        for key, items in sorted(groups.items())
    ]


def sources_of(described, *fact_lists):
    """
    Every published article behind an entry: those that describe it and those
    that source any fact shown on its page, newest first, from prefetched data.
    """
    articles = {article.pk: article for article in described}
    for facts in fact_lists:
        for fact in facts:
            if fact.source.status == Status.PUBLISHED:
                articles.setdefault(fact.source_id, fact.source)
    return sorted(
        articles.values(),
        key=lambda a: (
            a.published_on is None,
            -(a.published_on.toordinal() if a.published_on else 0),
            a.title,
        ),
    )


def level_facts(role_levels):
    """
    RoleLevel facts that share their note, article and speaker shown as one
    fact with several levels ("operationeel, tactisch en strategisch").
    """
    grouped = {}
    for fact in role_levels:
        key = (fact.note, fact.source_id, fact.said_by_id)
        grouped.setdefault(key, {"fact": fact, "levels": []})["levels"].append(fact.level)
    return list(grouped.values())


def contents(*sections):
    """The "on this page" list: (anchor, label) of the sections that have something."""
    return [(anchor, label) for anchor, label, items in sections if items]


class PublishedMixin:
    """
    Readers only ever see published entries; a draft is a 404. Logged-in
    staff may open a draft's page to preview it before publishing.
    """

    def get_queryset(self):
        return self.model.objects.visible_to(self.request.user).for_detail()


class PublishedListView(ListView):
    """
    Lists show published entries only, loaded for their cards. Entries with
    tags can be narrowed to one tag with ?tag=<slug>.
    """

    paginate_by = 30

    def get_queryset(self):
        entries = self.model.objects.published().for_list()
        self.tag = self.request.GET.get("tag", "")
        if self.tag and hasattr(self.model, "tags"):
            entries = entries.filter(tags__slug=self.tag).distinct()
        return entries

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            selected_tag=Tag.objects.filter(slug=self.tag).first() if self.tag else None,
            query_string=query.urlencode(),
        )
        return context


class RoleListView(PublishedListView):
    model = Role

    def get_queryset(self):
        roles = super().get_queryset()
        self.level = self.request.GET.get("level", "")
        if self.level:
            roles = roles.filter(
                role_levels__level__slug=self.level,
                role_levels__source__status=Status.PUBLISHED,
            ).distinct()
        # ?competency=<slug>: the roles that need it, where its page ends.
        self.competency = None
        if slug := self.request.GET.get("competency", ""):
            self.competency = get_object_or_404(Competency.objects.published(), slug=slug)
            roles = roles.filter(
                role_competencies__competency=self.competency,
                role_competencies__source__status=Status.PUBLISHED,
            ).distinct()
        return roles

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            levels=Level.objects.published(),
            tags=Tag.objects.filter(
                taggit_taggeditem_items__content_type__app_label="roles",
                taggit_taggeditem_items__content_type__model="role",
                taggit_taggeditem_items__object_id__in=Role.objects.published().values("pk"),
            )
            .distinct()
            .order_by("name"),
            selected_level=self.level,
            selected_competency=self.competency,
            filtered=bool(self.level or self.tag or self.competency),
        )
        return context


class RoleDetailView(PublishedMixin, DetailView):
    model = Role

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        role = self.object
        groups = list(role.responsibility_groups.all())
        related = related_roles(role)
        context.update(
            contents=contents(
                ("titels", _("Ook bekend als"), role.alternative_titles.all()),
                ("niveaus", _("Niveaus"), role.role_levels.all()),
                ("verantwoordelijkheden", _("Verantwoordelijkheden"), groups),
                ("competenties", _("Competenties"), role.role_competencies.all()),
                ("verwante-rollen", _("Verwante rollen"), related),
                ("teams", _("In teamstructuren"), role.team_positions.all()),
                ("voorbeelden", _("Bij bedrijven"), role.company_examples.all()),
                ("uitspraken", _("Uitspraken"), role.statement_preview),
            ),
            level_facts=level_facts(role.role_levels.all()),
            related=related,
            other_roles=Role.objects.published().exclude(pk=role.pk).only("name", "slug"),
            sources=sources_of(
                role.sources.all(),
                role.role_levels.all(),
                role.alternative_titles.all(),
                role.role_competencies.all(),
                role.relations_out.all(),
                role.relations_in.all(),
                groups,
                [r for g in groups for r in g.responsibilities.all()],
                role.team_positions.all(),
                role.company_examples.all(),
                role.statement_preview,
            ),
        )
        return context


class CompetencyListView(PublishedListView):
    model = Competency


class CompetencyDetailView(PublishedMixin, DetailView):
    model = Competency

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        competency = self.object
        context["sources"] = sources_of(
            competency.sources.all(),
            competency.role_preview,
            competency.statement_preview,
        )
        return context


# The filters of the statement list: parameter -> (relation, model of the entry).
STATEMENT_FILTERS = {
    "role": ("roles", Role),
    "competency": ("competencies", Competency),
    "team": ("team_structures", TeamStructure),
    "company": ("companies", Company),
    "person": ("said_by", Person),
    "article": ("source", Article),
}


class StatementListView(ListView):
    """
    Every published statement, paginated, optionally about one entry
    (?role=<slug>, ?competency=, ?team=, ?company=), said by one person
    (?person=), from one article (?article=) or of one kind (?kind=). Entry
    pages show the first few statements and link here for the rest.
    """

    template_name = "roles/statement_list.html"
    paginate_by = 25

    def get_queryset(self):
        statements = Statement.objects.public()
        self.about = []
        for parameter, (relation, model) in STATEMENT_FILTERS.items():
            slug = self.request.GET.get(parameter, "")
            if slug:
                entry = model.objects.published().filter(slug=slug).first()
                if entry is None:
                    raise Http404(_("Dit item bestaat niet of is niet gepubliceerd."))
                self.about.append((parameter, entry))
                statements = statements.filter(**{relation: entry})
        self.kind = self.request.GET.get("kind", "")
        if self.kind:
            if self.kind not in StatementKind.values:
                raise Http404(_("Onbekende soort uitspraak."))
            statements = statements.filter(kind=self.kind)
        return statements

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            about=self.about,
            kinds=StatementKind.choices,
            selected_kind=self.kind,
            query_string=query.urlencode(),
        )
        return context


class ResponsibilityListView(PublishedListView):
    model = Responsibility
    paginate_by = 60

    def get_queryset(self):
        self.tag = ""
        responsibilities = Responsibility.objects.public().for_list()
        # ?level=<slug>: the tasks at one level, where the level's page ends.
        self.level = None
        if slug := self.request.GET.get("level", ""):
            self.level = get_object_or_404(Level.objects.published(), slug=slug)
            responsibilities = responsibilities.filter(level=self.level)
        return responsibilities

    def get_context_data(self, **kwargs):
        return super().get_context_data(selected_level=self.level, **kwargs)


class ResponsibilityDetailView(PublishedMixin, DetailView):
    model = Responsibility


class LevelListView(PublishedListView):
    model = Level


class LevelDetailView(PublishedMixin, DetailView):
    model = Level


class TeamStructureListView(PublishedListView):
    model = TeamStructure


class TeamStructureDetailView(PublishedMixin, DetailView):
    model = TeamStructure

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        team = self.object
        positions = list(team.positions.all())
        members = merge_positions(positions)
        groups = list(team.responsibility_groups.all())
        context.update(
            chart=org_chart(team, members),
            positions_in_team=[m for m in members if m.placement == "in_team"],
            positions_outside=[m for m in members if m.placement != "in_team"],
            sources=sources_of(
                team.sources.all(),
                positions,
                groups,
                [r for g in groups for r in g.responsibilities.all()],
                team.company_examples.all(),
                team.statement_preview,
            ),
        )
        return context


class CompanyListView(PublishedListView):
    model = Company


class CompanyDetailView(PublishedMixin, DetailView):
    model = Company

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        context["sources"] = sources_of(
            company.sources.all(), company.examples.all(), company.statement_preview
        )
        return context


# Comparison and matrix ------------------------------------------------------

MAX_COMPARED = 3
# The roles the compare form offers: all of them while there are few; with
# more, the first ones by name or those whose name holds ?find=, and always
# the roles already chosen. The page never loads the whole table.
COMPARE_OPTIONS = 60


def compare_options(slugs, find):
    roles = Role.objects.published().only("pk", "name", "slug").order_by("name")
    offered = roles.filter(name__icontains=find) if find else roles
    offered = list(offered[: COMPARE_OPTIONS + 1])
    more = len(offered) > COMPARE_OPTIONS
    offered = offered[:COMPARE_OPTIONS]
    shown = {role.slug for role in offered}
    chosen = [role for role in roles.filter(slug__in=slugs) if role.slug not in shown]
    return {"all_roles": chosen + offered, "more_roles": more, "find": find}


class CompareView(TemplateView):
    """
    Two or three roles side by side: /compare/?roles=a,b[,c]. A form may also
    send roles=a&roles=b. Anything else gets a page that says what is wrong,
    with status 400, and the form to try again. The form's search button
    (?zoek=1&find=<name>) only narrows the roles it offers.
    """

    template_name = "roles/compare.html"

    def get(self, request, *args, **kwargs):
        slugs = []
        for value in request.GET.getlist("roles"):
            for slug in value.split(","):
                slug = slug.strip()
                if slug and slug not in slugs:
                    slugs.append(slug)
        find = request.GET.get("find", "").strip()[:100]
        context = self.get_context_data(slugs=slugs, **compare_options(slugs, find))
        if not slugs or request.GET.get("zoek"):
            # The bare page, or a search for roles to choose: only the form.
            return self.render_to_response(context)
        error = None
        roles = []
        if len(slugs) < 2:
            error = _("Kies ten minste twee rollen om te vergelijken.")
        elif len(slugs) > MAX_COMPARED:
            error = _("Je kunt hoogstens drie rollen tegelijk vergelijken.")
        else:
            found = {
                r.slug: r for r in Role.objects.published().filter(slug__in=slugs).for_detail()
            }
            unknown = [slug for slug in slugs if slug not in found]
            if unknown:
                error = ngettext(
                    "Deze rol bestaat niet: %(slugs)s.",
                    "Deze rollen bestaan niet: %(slugs)s.",
                    len(unknown),
                ) % {"slugs": ", ".join(unknown)}
            roles = [found[slug] for slug in slugs if slug in found]
        if error:
            context["error"] = error
            return self.render_to_response(context, status=400)
        context.update(comparison(roles))
        return self.render_to_response(context)


def comparison(roles):
    """Levels, shared and unique competencies, responsibilities and relations."""
    columns = []
    competency_sets = []
    for role in roles:
        by_competency = {}
        for rc in role.role_competencies.all():
            by_competency.setdefault(rc.competency_id, rc)
        competency_sets.append(by_competency)
        columns.append({"role": role})
    shared_ids = set.intersection(*(set(c) for c in competency_sets))
    shared = []
    for competency_id in shared_ids:
        facts = [c[competency_id] for c in competency_sets]
        shared.append({"competency": facts[0].competency, "facts": facts})
    shared.sort(key=lambda row: row["competency"].name)
    for column, by_competency, role in zip(columns, competency_sets, roles, strict=True):
        column["unique"] = sorted(
            (rc for cid, rc in by_competency.items() if cid not in shared_ids),
            key=lambda rc: (rc.importance != Importance.MUST, rc.competency.name),
        )
        column["groups"] = role.responsibility_groups.all()
        column["related"] = related_roles(role)
        column["compared_with"] = [
            item for group in column["related"] for item in group["items"] if item["role"] in roles
        ]
    return {"roles": roles, "columns": columns, "shared": shared}


class MatrixView(TemplateView):
    """
    Roles by competencies; each cell names the importance and links to its
    source. The roles (columns) come a page at a time, in name order, with
    the competencies those roles need as rows: a matrix of a thousand roles
    neither fits a screen nor a fixed number of queries.
    """

    template_name = "roles/matrix.html"
    roles_per_page = 12

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public_facts = RoleCompetency.objects.public().filter(
            role__status=Status.PUBLISHED, competency__status=Status.PUBLISHED
        )
        roles = (
            Role.objects.published()
            .filter(pk__in=public_facts.values("role"))
            .only("name", "slug")
            .order_by("name", "pk")
        )
        paginator = Paginator(roles, self.roles_per_page)
        page = paginator.get_page(self.request.GET.get("page"))
        roles = list(page.object_list)
        cells = defaultdict(list)
        for fact in public_facts.filter(role__in=[r.pk for r in roles]).order_by():
            cells[(fact.competency_id, fact.role_id)].append(fact)
        competency_ids = {competency_id for competency_id, _r in cells}
        rows = [
            {
                "competency": competency,
                "cells": [
                    {"role": role, "facts": cells.get((competency.pk, role.pk), [])}
                    for role in roles
                ],
            }
            for competency in Competency.objects.published()
            .filter(pk__in=competency_ids)
            .only("name", "slug")
            .order_by("name")
        ]
        context.update(
            roles=roles,
            rows=rows,
            page_obj=page,
            paginator=paginator,
            is_paginated=page.has_other_pages(),
        )
        return context
