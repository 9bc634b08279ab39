"""
How roles relate as the pages show it: a role's relations read from either
side, its variants, and the role a reader most likely wants to compare it
with. Shared by the role page and the comparison.
"""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from .models import RelationKind, Role, RoleCompetency, TeamPosition

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
    RelationKind.ANOTHER_NAME_FOR: _("heet volgens de bron ook"),
    RelationKind.MORE_THAN: _("is een deel van"),
}
RELATION_ORDER = {kind: i for i, kind in enumerate(RelationKind.values)}
# How closely a relation ties two roles, closest first: the role a reader
# most likely wants to compare with ("Vergelijk met…").
CLOSENESS = [
    RelationKind.VARIANT_OF,
    RelationKind.ANOTHER_NAME_FOR,
    RelationKind.CONTRASTED_WITH,
    RelationKind.MORE_THAN,
    RelationKind.ALTERNATIVE_FOR,
    RelationKind.GROWS_INTO,
    RelationKind.WORKS_CLOSELY_WITH,
    RelationKind.LEADS,
    RelationKind.REPORTS_TO,
    RelationKind.SUPPORTS,
]


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


def variants_of(role):
    """
    The role's variants, each once (a variant stated by several articles
    comes once), with their own competencies and responsibility groups, from
    the prefetched `variant_relations` (querysets.public_variants):
    [{"role", "relation", "competencies", "groups"}].
    """
    first = {}
    for relation in role.variant_relations:
        first.setdefault(relation.from_role_id, relation)
    return [
        {
            "role": relation.from_role,
            "relation": relation,
            "competencies": list(relation.from_role.role_competencies.all()),
            "groups": list(relation.from_role.responsibility_groups.all()),
        }
        for relation in first.values()
    ]


def closest_role(role):
    """
    The role most closely related to `role`: through the closest relation
    the articles give (prefetched), else the one that shares the most
    competencies with it (one query), else a role of the same team
    structure, its lead first (one query), else None.
    """
    relations = [(r.kind, r.to_role) for r in role.relations_out.all()]
    relations += [(r.kind, r.from_role) for r in role.relations_in.all()]
    relations = [(kind, other) for kind, other in relations if other.pk != role.pk]
    if relations:
        return min(relations, key=lambda item: (CLOSENESS.index(item[0]), item[1].name))[1]
    shared = (
        RoleCompetency.objects.public()
        .filter(competency__in=[rc.competency_id for rc in role.role_competencies.all()])
        .exclude(role=role)
        .values("role")
        .annotate(n=Count("competency", distinct=True))
        .order_by("-n", "role__name")
        .values_list("role", flat=True)[:1]
    )
    closest = Role.objects.public().filter(pk__in=list(shared)).only("name", "slug").first()
    teams = [position.team_structure_id for position in role.team_positions.all()]
    if closest is None and teams:
        mate = (
            TeamPosition.objects.public()
            .filter(team_structure__in=teams)
            .exclude(role=role)
            .select_related("role")
            .order_by("-is_lead", "placement", "order", "role__name")
            .first()
        )
        closest = mate.role if mate else None
    return closest
