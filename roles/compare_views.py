"""
Roles side by side: the comparison of two or three roles, and the matrix of
roles by competencies.
"""

from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from editorial.views import PublicPage

from .facts import IMPORTANCE_RANK
from .models import Competency, RelationKind, Role, RoleCompetency, RoleRelation
from .relations import RELATION_ORDER, related_roles, variants_of

MAX_COMPARED = 3
# The roles the compare form offers: all of them while there are few; with
# more, the first ones by name or those whose name holds ?find=, and always
# the roles already chosen. The page never loads the whole table.
COMPARE_OPTIONS = 60


def first_options(roles):
    """The first COMPARE_OPTIONS of `roles`, and whether there are more."""
    offered = list(roles[: COMPARE_OPTIONS + 1])
    return offered[:COMPARE_OPTIONS], len(offered) > COMPARE_OPTIONS


def compare_options(slugs, find):
    roles = Role.objects.public().only("pk", "name", "slug").order_by("name")
    offered, more = first_options(roles.filter(name__icontains=find) if find else roles)
    shown = {role.slug for role in offered}
    chosen = [role for role in roles.filter(slug__in=slugs) if role.slug not in shown]
    return {"all_roles": chosen + offered, "more_roles": more, "find": find}


class CompareView(PublicPage, TemplateView):
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
            found = {r.slug: r for r in Role.objects.public().filter(slug__in=slugs).for_detail()}
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
    """
    Levels, shared and unique competencies, responsibilities and relations,
    and first what the sources say about how the roles differ. A role's
    variants count as its own: their competencies and tasks appear in its
    column under the variant's name.
    """
    columns = []
    competency_sets = []
    for role in roles:
        variants = variants_of(role)
        # Every article's word on each competency, strongest first: two
        # articles may grade the same competency differently.
        by_competency = defaultdict(list)
        for rc in role.role_competencies.all():
            by_competency[rc.competency_id].append({"fact": rc, "via": None})
        for variant in variants:
            for rc in variant["competencies"]:
                by_competency[rc.competency_id].append({"fact": rc, "via": variant["role"]})
        for items in by_competency.values():
            items.sort(key=lambda item: IMPORTANCE_RANK[item["fact"].importance])
        competency_sets.append(by_competency)
        columns.append({"role": role, "variants": variants})
    shared_ids = set.intersection(*(set(c) for c in competency_sets))
    shared = []
    for competency_id in shared_ids:
        cells = [c[competency_id] for c in competency_sets]
        shared.append(
            {
                "competency": cells[0][0]["fact"].competency,
                "cells": [
                    {"role": role, "items": items} for role, items in zip(roles, cells, strict=True)
                ],
            }
        )
    shared.sort(key=lambda row: row["competency"].name)
    for column, by_competency, role in zip(columns, competency_sets, roles, strict=True):
        column["unique"] = sorted(
            (
                {"competency": items[0]["fact"].competency, "items": items}
                for cid, items in by_competency.items()
                if cid not in shared_ids
            ),
            key=lambda row: (
                IMPORTANCE_RANK[row["items"][0]["fact"].importance],
                row["competency"].name,
            ),
        )
        column["groups"] = role.responsibility_groups.all()
        column["related"] = related_roles(role)
        column["compared_with"] = [
            item for group in column["related"] for item in group["items"] if item["role"] in roles
        ]
    return {
        "roles": roles,
        "columns": columns,
        "shared": shared,
        "differences": differences(roles),
        "shared_debates": shared_debates(roles),
    }


def differences(roles):
    """
    The relations the sources state between the compared roles themselves
    (each once, with its article and speaker): what they say about how the
    roles relate. Empty when the sources draw no link between them.
    """
    compared = {role.pk for role in roles}
    found = {}
    for role in roles:
        for relation in role.relations_out.all():
            if relation.to_role_id in compared:
                found.setdefault(relation.pk, relation)
    return sorted(found.values(), key=lambda r: (RELATION_ORDER[r.kind], r.from_role.name))


def shared_debates(roles):
    """
    The public debates that concern every compared role: where the sources
    disagree about them together. The debates' app sits above this one, so
    its model is reached through the roles' reverse relation, not imported.
    """
    debates = Role._meta.get_field("debates").related_model.objects.public()
    for role in roles:
        debates = debates.filter(roles=role)
    return list(debates.order_by("question"))


class MatrixView(PublicPage, TemplateView):
    """
    Roles by competencies; each cell names the importance and links to its
    source. The roles (columns) come a page at a time, in name order, with
    the competencies those roles need as rows: a matrix of a thousand roles
    neither fits a screen nor a fixed number of queries. A role whose
    competencies the articles give only through its variants (the
    conversation manager, through its operational and strategic variants)
    is a column too, its cells marked as coming from a variant.
    """

    template_name = "roles/matrix.html"
    roles_per_page = 12

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        public_facts = RoleCompetency.objects.public()
        variants = RoleRelation.objects.public().filter(kind=RelationKind.VARIANT_OF)
        roles = (
            Role.objects.public()
            .filter(
                Q(pk__in=public_facts.values("role"))
                | Q(
                    pk__in=variants.filter(from_role__in=public_facts.values("role")).values(
                        "to_role"
                    )
                )
            )
            .only("name", "slug")
            .order_by("name", "pk")
        )
        paginator = Paginator(roles, self.roles_per_page)
        page = paginator.get_page(self.request.GET.get("page"))
        roles = list(page.object_list)
        variant_of = defaultdict(list)  # variant's pk -> the shown roles it is a variant of
        for relation in variants.filter(to_role__in=[r.pk for r in roles]).select_related(
            "from_role"
        ):
            variant_of[relation.from_role_id].append(relation)
        cells = defaultdict(list)
        for fact in public_facts.filter(
            Q(role__in=[r.pk for r in roles]) | Q(role__in=list(variant_of))
        ).order_by():
            if fact.role_id in {r.pk for r in roles}:
                cells[(fact.competency_id, fact.role_id)].append({"fact": fact, "via": None})
            for relation in variant_of.get(fact.role_id, ()):
                cells[(fact.competency_id, relation.to_role_id)].append(
                    {"fact": fact, "via": relation.from_role}
                )
        competency_ids = {competency_id for competency_id, _r in cells}
        rows = [
            {
                "competency": competency,
                "cells": [
                    {"role": role, "facts": _strongest(cells.get((competency.pk, role.pk), []))}
                    for role in roles
                ],
            }
            for competency in Competency.objects.public()
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
            has_variants=any(
                item["via"] for row in rows for c in row["cells"] for item in c["facts"]
            ),
        )
        return context


def _strongest(items):
    """
    A cell's facts: the role's own, and of its variants only one, the
    strongest (must-have, then nice-to-have, then named), so a cell stays one
    badge wide.
    """
    own = [item for item in items if item["via"] is None]
    if own:
        return own
    ranked = sorted(items, key=lambda item: IMPORTANCE_RANK[item["fact"].importance])
    return ranked[:1]
