"""
Helpers for the tests of load_articles and export_articles: a small set of
fixture files covering every section and key, writing them into a temporary
directory, running the commands, and reading back whole tables so a test can
say "the database is exactly as it was".
"""

import copy
import datetime
import io
import json
import re

import yaml
from django.apps import apps
from django.core.management import call_command
from taggit.models import Tag, TaggedItem

from articles.models import Affiliation, Article, Organisation, OrganisationSource, Person
from debates.models import Debate, DebateSource, Position
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    CompanySource,
    Competency,
    CompetencySource,
    Level,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    RoleSource,
    Statement,
    TeamPosition,
    TeamStructure,
    TeamStructureSource,
)

COMMUNITY_MANAGER = {
    "slug": "community-manager",
    "name": "Community manager",
    "summary": "Spin in het web van een community.",
    "description": "Werkt op drie niveaus.\n\nTweede alinea: met een dubbele punt en 'quotes'.\n",
    "tags": ["Community", "intranet"],
}

SAMPLE = {
    "_niveaus.yaml": {
        "levels": [
            {"slug": "operationeel", "name": "Operationeel", "order": 1, "description": "Doen."},
            {"slug": "tactisch", "name": "Tactisch", "order": 2},
            {"slug": "strategisch", "name": "Strategisch", "order": 3, "description": "Richting."},
        ]
    },
    "_zonder-bron.yaml": {
        "people": [{"slug": "los-persoon", "name": "Los Persoon"}],
        "roles": [{"slug": "losse-rol", "name": "Losse rol", "summary": "yes"}],
    },
    "artikel-een.yaml": {
        "article": {
            "slug": "artikel-een",
            "title": "Eerste artikel",
            "publication": "DutchCowboys",
            "authors": ["auteur-een"],
            "published_on": datetime.date(2012, 3, 5),
            "url": "https://example.org/artikel-een",
            "stated_comment_count": 3,
            "summary": "Samenvatting van het eerste artikel, in eigen woorden: één.",
            "tags": ["community management", "intranet"],
        },
        "people": [
            {"slug": "auteur-een", "name": "Auteur Eén", "affiliation": "schrijver"},
            {"slug": "reageerder", "name": "Reageerder", "description": "Reageerde."},
        ],
        "roles": [
            COMMUNITY_MANAGER,
            {"slug": "community-coach", "name": "Community coach", "summary": "Coacht."},
        ],
        "competencies": [
            {
                "slug": "communicatief",
                "name": "Communicatief",
                "summary": "Luisteren.",
                "description": 'Regel één: "citaat"\n\n- geen lijst\n# geen commentaar',
                "tags": ["communicatie"],
            }
        ],
        "team_structures": [
            {
                "slug": "centraal-team",
                "name": "Centraal team",
                "summary": "Eén team.",
                "company_size": "groot",
                "integration_stage": "begin",
            }
        ],
        "companies": [{"slug": "intel", "name": "Intel", "country": "VS", "sector": "chips"}],
        "role_levels": [
            {"role": "community-manager", "level": "tactisch", "said_by": "auteur-een"}
        ],
        "alternative_titles": [
            {"role": "community-manager", "title": "Community coach", "note": "Zegt Guido."}
        ],
        "role_competencies": [
            {
                "role": "community-manager",
                "competency": "communicatief",
                "importance": "must",
                "explanation": "Luistert.",
                "order": 1,
            }
        ],
        "role_relations": [
            {"from": "community-coach", "kind": "alternative_for", "to": "community-manager"}
        ],
        "responsibility_groups": [
            {
                "slug": "cm-werk",
                "name": "Werkzaamheden",
                "role": "community-manager",
                "order": 1,
                "responsibilities": [
                    {"slug": "analyseren", "name": "Analyseren", "level": "strategisch"},
                    {"slug": "modereren", "name": "Modereren", "order": 2, "said_by": "reageerder"},
                ],
            },
            {
                "slug": "team-taken",
                "name": "Taken van het team",
                "team_structure": "centraal-team",
                "responsibilities": [{"slug": "trainen", "name": "Trainen"}],
            },
        ],
        "team_positions": [
            {
                "team_structure": "centraal-team",
                "role": "community-manager",
                "count": 1,
                "lead": True,
            }
        ],
        "company_examples": [
            {
                "slug": "intel-team",
                "company": "intel",
                "title": "Een team van zeven",
                "description": "Intel zette een team op.",
                "figures": "team van 7 mensen",
                "team_size": 7,
                "roles": ["community-manager"],
                "team_structure": "centraal-team",
            }
        ],
        "statements": [
            {
                "slug": "stelling-een",
                "kind": "finding",
                "text": "De functie is vaak een ondergeschoven kindje.",
                "said_by": "auteur-een",
                "roles": ["community-manager"],
                "competencies": ["communicatief"],
                "tags": ["draagvlak"],
            },
            {
                "slug": "reactie-een",
                "kind": "opinion",
                "text": "Noem het liever coach.",
                "quote": "Manager wekt weerstand.",
                "said_by": "reageerder",
                "in_comment": True,
                "said_on": datetime.date(2012, 3, 6),
                "roles": ["community-coach", "community-manager"],
                "tags": ["Community"],
                "status": "draft",
            },
        ],
    },
    "artikel-twee.yaml": {
        "article": {
            "slug": "artikel-twee",
            "title": "Tweede artikel (beschrijvende titel)",
            "title_is_descriptive": True,
            "summary": "Samenvatting twee.",
        },
        "roles": [COMMUNITY_MANAGER],
        "role_levels": [{"role": "community-manager", "level": "operationeel"}],
        "statements": [
            {
                "slug": "stelling-twee",
                "kind": "statistic",
                "text": "Zeven mensen.",
                "roles": ["community-manager"],
                "companies": ["intel"],
                "team_structures": ["centraal-team"],
            }
        ],
    },
}

# What loading SAMPLE creates, per model.
SAMPLE_COUNTS = {
    Article: 2,
    Person: 3,
    Level: 3,
    Role: 3,
    Competency: 1,
    TeamStructure: 1,
    Company: 1,
    RoleSource: 3,
    CompetencySource: 1,
    TeamStructureSource: 1,
    CompanySource: 1,
    RoleLevel: 2,
    AlternativeTitle: 1,
    RoleCompetency: 1,
    RoleRelation: 1,
    ResponsibilityGroup: 2,
    Responsibility: 3,
    TeamPosition: 1,
    CompanyExample: 1,
    Statement: 3,
}


def sample():
    return copy.deepcopy(SAMPLE)


def to_text(data, name):
    if name.endswith(".json"):
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=None)


def write_files(directory, files):
    """Write {name: data} into `directory`; str and bytes are written as they are."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = directory / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        elif isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_text(to_text(data, name), encoding="utf-8")
    return directory


def load(*paths, **options):
    """Run load_articles; returns what it printed."""
    out = io.StringIO()
    call_command("load_articles", *[str(p) for p in paths], stdout=out, no_color=True, **options)
    return out.getvalue()


def counts(output):
    """The table load_articles prints: {kind: (created, updated, unchanged, other)}."""
    table = {}
    for line in output.splitlines():
        match = re.fullmatch(r"(\D+?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)", line)
        if match:
            table[match.group(1)] = tuple(int(n) for n in match.groups()[1:])
    return table


def data_models():
    """Every table the loader can write, many-to-many tables and history included."""
    result = []
    for label in ("articles", "roles", "debates", "taggit", "reversion"):
        result.extend(apps.get_app_config(label).get_models(include_auto_created=True))
    return result


def snapshot():
    """Every row of every table the loader can touch, exactly."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in data_models()
    }


def writes(captured):
    """The statements in a CaptureQueriesContext that change data."""
    return [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def _natural(obj):
    if obj is None:
        return None
    for attr in ("slug", "name"):
        if hasattr(obj, attr):
            return getattr(obj, attr)
    return (obj._meta.app_label, obj._meta.model_name)


def content():
    """
    What the knowledge base holds, without primary keys or timestamps: every
    row with its links by slug. Two databases with equal content hold the
    same knowledge.
    """
    result = {}
    for model in data_models():
        if model._meta.app_label == "reversion":
            continue
        rows = []
        for obj in model._base_manager.all():
            row = {}
            for field in model._meta.concrete_fields:
                if field.primary_key or field.name in ("created_at", "updated_at"):
                    continue
                if field.is_relation:
                    row[field.name] = _natural(getattr(obj, field.name))
                else:
                    row[field.name] = getattr(obj, field.attname)
            if model is TaggedItem:
                row["object_id"] = _natural(obj.content_object)
            rows.append(repr(sorted(row.items())))
        result[model._meta.label] = sorted(rows)
    return result


WIPE_ORDER = [
    TaggedItem,
    Tag,
    Position,
    DebateSource,
    Debate,
    Statement,
    CompanyExample,
    TeamPosition,
    Responsibility,
    ResponsibilityGroup,
    RoleRelation,
    RoleCompetency,
    AlternativeTitle,
    RoleLevel,
    RoleSource,
    CompetencySource,
    TeamStructureSource,
    CompanySource,
    Affiliation,
    OrganisationSource,
    Organisation,
    Role,
    Competency,
    TeamStructure,
    Company,
    Article,
    Person,
    Level,
]


def wipe():
    """Empty the knowledge base (and its history): a fresh database."""
    from reversion.models import Revision, Version

    Version.objects.all().delete()
    Revision.objects.all().delete()
    for model in WIPE_ORDER:
        model._base_manager.all().delete()
