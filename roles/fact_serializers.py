"""
Sourced facts as the open-data API nests them in the entries they link: a
role's levels, titles, competencies, relations, tasks and team positions,
and the same facts seen from the competency, level or team structure.
"""

from .models import (
    AlternativeTitle,
    Responsibility,
    ResponsibilityGroup,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    TeamPosition,
)
from .ref_serializers import (
    CompetencyRefSerializer,
    FactSerializer,
    LevelRefSerializer,
    PublicLevelField,
    RoleRefSerializer,
    SiteURLField,
    TeamStructureRefSerializer,
)

# As seen from the role.


class RoleLevelSerializer(FactSerializer):
    level = LevelRefSerializer(read_only=True)

    class Meta:
        model = RoleLevel
        fields = ["level", "note", "source", "said_by"]


class AlternativeTitleSerializer(FactSerializer):
    class Meta:
        model = AlternativeTitle
        fields = ["title", "note", "source", "said_by"]


class RoleCompetencySerializer(FactSerializer):
    competency = CompetencyRefSerializer(read_only=True)

    class Meta:
        model = RoleCompetency
        fields = [
            "competency",
            "importance",
            "importance_reason",
            "explanation",
            "order",
            "source",
            "said_by",
        ]


class RoleRelationOutSerializer(FactSerializer):
    role = RoleRefSerializer(source="to_role", read_only=True)

    class Meta:
        model = RoleRelation
        fields = ["kind", "role", "note", "source", "said_by"]


class RoleRelationInSerializer(FactSerializer):
    role = RoleRefSerializer(source="from_role", read_only=True)

    class Meta:
        model = RoleRelation
        fields = ["kind", "role", "note", "source", "said_by"]


class ResponsibilityInGroupSerializer(FactSerializer):
    site_url = SiteURLField()
    level = PublicLevelField()

    class Meta:
        model = Responsibility
        fields = ["slug", "name", "description", "level", "order", "site_url", "source", "said_by"]


class ResponsibilityGroupSerializer(FactSerializer):
    responsibilities = ResponsibilityInGroupSerializer(many=True, read_only=True)

    class Meta:
        model = ResponsibilityGroup
        fields = ["slug", "name", "description", "order", "responsibilities", "source", "said_by"]


class TeamPositionOfRoleSerializer(FactSerializer):
    team_structure = TeamStructureRefSerializer(read_only=True)

    class Meta:
        model = TeamPosition
        fields = [
            "team_structure",
            "is_lead",
            "placement",
            "count",
            "count_note",
            "description",
            "source",
            "said_by",
        ]


# As seen from the competency, the task, the level and the team structure.


class CompetencyOfRoleSerializer(FactSerializer):
    role = RoleRefSerializer(read_only=True)

    class Meta:
        model = RoleCompetency
        fields = ["role", "importance", "importance_reason", "explanation", "source", "said_by"]


class GroupOfResponsibilitySerializer(FactSerializer):
    # A public responsibility's group belongs to a public role or team
    # structure; the other of the two is null.
    role = RoleRefSerializer(read_only=True, allow_null=True)
    team_structure = TeamStructureRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = ResponsibilityGroup
        fields = ["slug", "name", "description", "role", "team_structure", "source", "said_by"]


class RoleAtLevelSerializer(FactSerializer):
    role = RoleRefSerializer(read_only=True)

    class Meta:
        model = RoleLevel
        fields = ["role", "note", "source", "said_by"]


class TeamPositionSerializer(FactSerializer):
    role = RoleRefSerializer(read_only=True)

    class Meta:
        model = TeamPosition
        fields = [
            "role",
            "is_lead",
            "placement",
            "count",
            "count_note",
            "description",
            "order",
            "source",
            "said_by",
        ]
