"""
The claim inventory (fixtures/claims/<article-slug>.yaml, format in
fixtures/README.md): every substantive claim of an article and its comments
is either stored in the knowledge where a reader can see it, or left out
with a reason. A claim that points at an entry or fact that is gone, a
draft, or sourced by another article is reported with its file and claim.
"""

import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from articles.models import Person
from editorial.models import Status
from loader.fixture_format import BY_NAME, REF
from roles.models import Statement

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
CLAIMS = FIXTURES / "claims"
WHERE = re.compile(r"^(body|comment [1-9][0-9]*)$")
CLAIM_KEYS = {"claim", "by", "where", "modelled", "left_out", "note"}
# A reference names its section with `kind`, so a fact's own key `kind` (of a
# role relation) is written `relation` in it.
RENAMED = {"kind": "relation"}


def article_slugs():
    """The article of every article file (shared files start with '_')."""
    return sorted(p.stem for p in FIXTURES.glob("*.yaml") if not p.name.startswith("_"))


def reference_problem(ref, article, by=None):
    """
    Why `ref` does not name a public entry or fact of the knowledge, or None.
    A fact that names who said it must name the claim's speaker (`by`).
    """
    if not isinstance(ref, dict):
        return f"a reference is a mapping such as {{kind: statements, slug: ...}}, not {ref!r}"
    kind = ref.get("kind")
    section = BY_NAME.get(kind)
    if section is None or kind == "article":
        return f"unknown kind {kind!r}"
    keys = {RENAMED.get(key, key): key for key in section.key}
    wrong = set(ref) - {"kind", *keys}
    missing = [name for name in keys if name not in ref]
    if wrong or missing:
        return f"{kind} is referred to by {', '.join(keys)}; got {', '.join(sorted(ref))}"
    lookup = {}
    for name, key in keys.items():
        field = section.by_key[key]
        lookup[f"{field.attr}__slug" if field.kind == REF else field.attr] = ref[name]
    if section.fact:
        # A fact stands for a claim of its own article only.
        lookup["source__slug"] = article
    described = ", ".join(f"{name}={ref[name]}" for name in keys)
    if not section.model.objects.filter(**lookup).exists():
        where = f" sourced by {article}" if section.fact else ""
        return f"no {kind} with {described}{where}"
    public = section.model.objects.public().filter(**lookup)
    if not public.exists():
        return f"{kind} {described} exists but is not public"
    speakers = set(public.values_list("said_by__slug", flat=True)) if section.fact else set()
    if by and speakers and None not in speakers and by not in speakers:
        return f"{kind} {described} is said by {', '.join(sorted(speakers))}, the claim by {by}"
    return None


def inventory_problems(path):
    """Every problem of one inventory file, each naming the file and the claim."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if data.get("article") != path.stem:
        return [f"{path.name}: 'article' must be {path.stem!r}, the file's name"]
    claims = data.get("claims")
    if not isinstance(claims, list) or not claims:
        return [f"{path.name}: 'claims' must be a non-empty list"]
    people = set(Person.objects.public().values_list("slug", flat=True))
    problems = []
    for number, claim in enumerate(claims, 1):
        if not isinstance(claim, dict):
            problems.append(f"{path.name}, claim {number}: not a mapping")
            continue
        name = f"{path.name}, claim {number} ({str(claim.get('claim', ''))[:60]!r})"
        found = []
        if set(claim) - CLAIM_KEYS:
            found.append(f"unknown keys {', '.join(sorted(set(claim) - CLAIM_KEYS))}")
        if not str(claim.get("claim") or "").strip():
            found.append("says no claim")
        if not WHERE.match(str(claim.get("where", ""))):
            found.append(f"'where' must be 'body' or 'comment N', not {claim.get('where')!r}")
        if claim.get("by") is not None and claim["by"] not in people:
            found.append(f"'by' names {claim['by']!r}, who is no public person")
        modelled, left_out = claim.get("modelled"), claim.get("left_out")
        if bool(modelled) == bool(str(left_out or "").strip()):
            found.append("needs either 'modelled' (where it is stored) or 'left_out' (why not)")
        refs = modelled if isinstance(modelled, list) else [modelled] if modelled else []
        for ref in refs:
            problem = reference_problem(ref, data["article"], claim.get("by"))
            if problem:
                found.append(f"modelled: {problem}")
        problems.extend(f"{name}: {reason}" for reason in found)
    return problems


def test_every_article_has_a_claim_inventory():
    missing = [slug for slug in article_slugs() if not (CLAIMS / f"{slug}.yaml").is_file()]
    assert not missing, f"no claim inventory in fixtures/claims/ for {missing}"
    orphans = sorted({p.stem for p in CLAIMS.glob("*.yaml")} - set(article_slugs()))
    assert not orphans, f"claim inventories for articles that have no fixture file: {orphans}"


def test_every_claim_is_modelled_publicly_or_left_out_with_a_reason(knowledge):
    problems = [p for path in sorted(CLAIMS.glob("*.yaml")) for p in inventory_problems(path)]
    assert not problems, "\n".join(problems)


def test_a_claim_pointing_at_a_draft_or_missing_fact_is_named(knowledge, tmp_path):
    article = "strategische-tips-social-media-expert-team"
    draft = Statement.objects.filter(source__slug=article).order_by("slug").first()
    Statement.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    path = tmp_path / f"{article}.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "article": article,
                "claims": [
                    {
                        "claim": "Een uitspraak",
                        "by": "jdc",
                        "where": "body",
                        "modelled": {"kind": "statements", "slug": draft.slug},
                    },
                    {
                        "claim": "Een niveau uit een ander artikel",
                        "by": None,
                        "where": "comment 2",
                        "modelled": {
                            "kind": "role_levels",
                            "role": "community-manager",
                            "level": "tactisch",
                        },
                    },
                    {"claim": "Zonder reden", "by": None, "where": "comment 3"},
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )

    problems = inventory_problems(path)

    assert len(problems) == 3, problems
    assert f"claim 1 ('Een uitspraak'): modelled: statements slug={draft.slug}" in problems[0]
    assert "not public" in problems[0]
    assert f"sourced by {article}" in problems[1]
    assert "claim 3" in problems[2] and "left_out" in problems[2]
