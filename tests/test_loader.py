"""
load_articles: loads every section of the fixture format, writes only what
differs, is safe to run twice, and refuses bad input without writing.
"""

import re
import time

import pytest
import reversion
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from loader_helpers import (
    SAMPLE_COUNTS,
    counts,
    load,
    sample,
    snapshot,
    to_text,
    write_files,
    writes,
)
from reversion.models import Revision, Version
from taggit.models import Tag, TaggedItem

from articles.models import Article, Person
from editorial.models import Status
from loader import fixture_format, loading
from roles.models import (
    CompanyExample,
    Competency,
    Level,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleLevel,
    RoleRelation,
    RoleSource,
    Statement,
    TeamPosition,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tmp_path):
    """The sample files, loaded; returns their directory."""
    directory = write_files(tmp_path / "fixtures", sample())
    load(directory)
    return directory


# Loading.


def test_load_creates_every_kind_of_entry_and_fact(tmp_path):
    output = load(write_files(tmp_path, sample()))

    for model, expected in SAMPLE_COUNTS.items():
        assert model.objects.count() == expected, model.__name__
    table = counts(output)
    assert table["roles"] == (3, 0, 0, 0)
    assert table["statements"] == (3, 0, 0, 0)
    assert table["sources of entries"] == (6, 0, 0, 0)
    assert f"Done: {sum(SAMPLE_COUNTS.values())} created, 0 updated, 0 deleted." in output

    article = Article.objects.get(slug="artikel-een")
    assert article.published_on.isoformat() == "2012-03-05"
    assert [p.slug for p in article.authors.all()] == ["auteur-een"]
    assert sorted(article.tags.names()) == ["community management", "intranet"]
    assert Article.objects.get(slug="artikel-twee").title_is_descriptive


def test_load_sources_entries_by_the_articles_that_define_them(loaded):
    manager = Role.objects.get(slug="community-manager")
    assert sorted(manager.sources.values_list("slug", flat=True)) == [
        "artikel-een",
        "artikel-twee",
    ]
    assert not Role.objects.get(slug="losse-rol").sources.exists()
    assert Competency.objects.get(slug="communicatief").sources.get().slug == "artikel-een"
    # Facts are sourced by their file's article, and said by who the file says.
    level = RoleLevel.objects.get(role=manager, level__slug="tactisch")
    assert (level.source.slug, level.said_by.slug) == ("artikel-een", "auteur-een")
    assert RoleLevel.objects.get(level__slug="operationeel").source.slug == "artikel-twee"
    moderating = Responsibility.objects.get(slug="modereren")
    assert (moderating.source.slug, moderating.group.slug) == ("artikel-een", "cm-werk")
    assert moderating.said_by.slug == "reageerder"
    assert Responsibility.objects.get(slug="analyseren").level.slug == "strategisch"
    assert ResponsibilityGroup.objects.get(slug="team-taken").team_structure.slug == (
        "centraal-team"
    )


def test_load_links_entries_and_tags(loaded):
    example = CompanyExample.objects.get(slug="intel-team")
    assert [r.slug for r in example.roles.all()] == ["community-manager"]
    assert example.team_structure.slug == "centraal-team"
    statement = Statement.objects.get(slug="stelling-twee")
    assert statement.source.slug == "artikel-twee"
    assert [c.slug for c in statement.companies.all()] == ["intel"]
    assert sorted(Role.objects.get(slug="community-manager").tags.names()) == [
        "Community",
        "intranet",
    ]
    # Tags are shared case-insensitively: one "Community" tag.
    assert Tag.objects.filter(name__iexact="community").count() == 1
    assert list(Statement.objects.get(slug="reactie-een").tags.names()) == ["Community"]
    position = TeamPosition.objects.get()
    assert (position.is_lead, position.placement, position.count) == (True, "in_team", 1)


def test_load_publishes_entries_unless_the_file_says_draft(loaded):
    assert Statement.objects.get(slug="reactie-een").status == Status.DRAFT
    assert Statement.objects.get(slug="stelling-een").status == Status.PUBLISHED
    for model in (Article, Person, Level, Role, Competency, Responsibility, CompanyExample):
        assert not model.objects.filter(status=Status.DRAFT).exists(), model.__name__


def test_load_without_paths_reads_the_fixtures_directory(tmp_path, settings):
    settings.BASE_DIR = tmp_path
    write_files(tmp_path / "fixtures", sample())

    call_command("load_articles", verbosity=0)

    assert Role.objects.count() == 3


def test_load_reads_json_and_yml_files_alike(tmp_path):
    files = sample()
    files["artikel-twee.json"] = files.pop("artikel-twee.yaml")
    files["_niveaus.yml"] = files.pop("_niveaus.yaml")
    write_files(tmp_path, files)

    load(tmp_path / "artikel-twee.json", tmp_path)  # a file given twice is read once

    assert Statement.objects.get(slug="stelling-twee").source.slug == "artikel-twee"
    assert Level.objects.count() == 3


def test_load_resolves_references_against_the_database(loaded, tmp_path):
    third = {
        "article": {"slug": "artikel-drie", "title": "Drie", "summary": "Drie."},
        "role_levels": [{"role": "community-coach", "level": "operationeel"}],
    }
    output = load(write_files(tmp_path / "drie", {"artikel-drie.yaml": third}))

    assert RoleLevel.objects.filter(source__slug="artikel-drie").count() == 1
    # Loading one file says nothing about the other articles' facts.
    assert "Kept" not in output


# Running again, changes, dry runs.


def test_load_twice_writes_nothing_and_says_so(loaded):
    with CaptureQueriesContext(connection) as captured:
        output = load(loaded)

    assert writes(captured) == []
    assert "Nothing changed" in output
    assert counts(output)["roles"] == (0, 0, 3, 0)


def test_load_changed_file_updates_exactly_what_changed(loaded):
    before = {
        (model, pk): updated
        for model in (Article, Person, Level, Role, Competency, Statement, Responsibility)
        for pk, updated in model.objects.values_list("pk", "updated_at")
    }
    files = sample()
    files["artikel-een.yaml"]["roles"][1]["summary"] = "Coacht de community."
    write_files(loaded, files)

    output = load(loaded)

    assert counts(output)["roles"] == (0, 1, 2, 0)
    assert "Done: 0 created, 1 updated, 0 deleted." in output
    coach = Role.objects.get(slug="community-coach")
    assert coach.summary == "Coacht de community."
    for (model, pk), updated in before.items():
        now = model.objects.get(pk=pk).updated_at
        if model is Role and pk == coach.pk:
            assert now > updated
        else:
            assert now == updated, (model.__name__, pk)


def test_load_changed_links_and_tags_update_their_entry(loaded):
    files = sample()
    statement = files["artikel-een.yaml"]["statements"][0]
    statement["roles"] = ["community-coach"]
    statement["tags"] = ["draagvlak", "nieuw"]
    write_files(loaded, files)

    output = load(loaded)

    assert counts(output)["statements"] == (0, 1, 2, 0)
    changed = Statement.objects.get(slug="stelling-een")
    assert [r.slug for r in changed.roles.all()] == ["community-coach"]
    assert sorted(changed.tags.names()) == ["draagvlak", "nieuw"]
    assert "Nothing changed" in load(loaded)


def test_load_dry_run_reports_changes_and_writes_nothing(loaded):
    files = sample()
    files["artikel-een.yaml"]["roles"][1]["summary"] = "Coacht de community."
    files["artikel-een.yaml"]["statements"].append(
        {"slug": "stelling-drie", "kind": "advice", "text": "Begin klein."}
    )
    write_files(loaded, files)
    before = snapshot()

    with CaptureQueriesContext(connection) as captured:
        output = load(loaded, dry_run=True)

    assert writes(captured) == []
    assert snapshot() == before
    assert "~ roles: community-coach (summary)" in output
    assert "+ statements: stelling-drie" in output
    assert "Dry run: would write 1 created, 1 updated, 0 deleted; nothing was written." in output


def test_load_dry_run_on_an_empty_database_writes_nothing(tmp_path):
    output = load(write_files(tmp_path, sample()), dry_run=True)

    assert counts(output)["statements"] == (3, 0, 0, 0)
    assert not Role.objects.exists()


def test_load_verbosity_two_lists_what_it_writes(tmp_path):
    output = load(write_files(tmp_path, sample()), verbosity=2)

    assert "+ roles: community-manager" in output
    assert "+ role levels: role=community-manager level=tactisch (article artikel-een)" in output


def test_load_moves_a_fact_between_loaded_articles(loaded):
    files = sample()
    moved = files["artikel-een.yaml"]["statements"].pop(0)
    files["artikel-twee.yaml"]["statements"].append(moved)
    write_files(loaded, files)

    output = load(loaded)

    assert counts(output)["statements"] == (0, 1, 2, 0)
    assert Statement.objects.get(slug="stelling-een").source.slug == "artikel-twee"


def test_load_swaps_level_orders(loaded):
    files = sample()
    levels = files["_niveaus.yaml"]["levels"]
    levels[0]["order"], levels[2]["order"] = 3, 1
    write_files(loaded, files)

    load(loaded)

    assert list(Level.objects.values_list("slug", flat=True)) == [
        "strategisch",
        "tactisch",
        "operationeel",
    ]


def test_load_reuses_an_existing_tag_whatever_its_case(tmp_path):
    Tag.objects.create(name="INTRANET", slug="intranet")

    load(write_files(tmp_path, sample()))

    assert not Tag.objects.filter(name="intranet").exists()
    assert "INTRANET" in Role.objects.get(slug="community-manager").tags.names()


# Facts no longer in their file.


def _drop_facts(files):
    article = files["artikel-een.yaml"]
    article["statements"] = [s for s in article["statements"] if s["slug"] != "reactie-een"]
    article["role_levels"] = []
    article["roles"] = [r for r in article["roles"] if r["slug"] != "community-coach"]
    return files


def test_load_reports_and_keeps_facts_gone_from_their_file(loaded):
    write_files(loaded, _drop_facts(sample()))

    output = load(loaded)

    assert "Kept 3 fact(s)" in output
    assert "statements: reactie-een" in output
    assert "role levels: role=community-manager level=tactisch (article artikel-een)" in output
    assert "source: roles community-coach <- artikel-een" in output
    assert Statement.objects.filter(slug="reactie-een").exists()
    assert RoleSource.objects.filter(role__slug="community-coach").exists()
    assert counts(output)["statements"] == (0, 0, 2, 1)


def test_load_prune_deletes_facts_gone_from_their_file(loaded):
    write_files(loaded, _drop_facts(sample()))
    tagged = TaggedItem.objects.filter(object_id=Statement.objects.get(slug="reactie-een").pk)
    assert tagged.exists()

    dry = load(loaded, prune=True, dry_run=True)
    assert "Would delete 3 fact(s)" in dry
    assert Statement.objects.filter(slug="reactie-een").exists()

    output = load(loaded, prune=True)

    assert "Deleted 3 fact(s)" in output
    assert not Statement.objects.filter(slug="reactie-een").exists()
    assert not tagged.filter(content_type__model="statement").exists()
    assert not RoleLevel.objects.filter(source__slug="artikel-een").exists()
    # The role itself stays (entries are never pruned); only this source goes.
    coach = Role.objects.get(slug="community-coach")
    assert not coach.sources.exists()
    # The other article's facts are untouched.
    assert RoleLevel.objects.filter(source__slug="artikel-twee").count() == 1
    assert "Nothing changed" in load(loaded, prune=True)


# Queries and history.


def _article_with(n, slug):
    return {
        "article": {"slug": slug, "title": slug, "summary": "s", "tags": [f"{slug}-tag"]},
        "roles": [
            {"slug": f"{slug}-rol-{i}", "name": f"Rol {i}", "summary": "s", "tags": [f"t{i}"]}
            for i in range(n)
        ],
        "role_levels": [{"role": f"{slug}-rol-{i}", "level": "tactisch"} for i in range(n)],
        "statements": [
            {
                "slug": f"{slug}-stelling-{i}",
                "kind": "finding",
                "text": "t",
                "roles": [f"{slug}-rol-{i}"],
                "tags": [f"{slug}-{i}"],
            }
            for i in range(n)
        ],
    }


def test_load_query_count_does_not_grow_with_the_number_of_entries(loaded, tmp_path):
    queries = {}
    for n, slug in ((3, "klein"), (30, "groot")):
        directory = write_files(tmp_path / slug, {f"{slug}.yaml": _article_with(n, slug)})
        with CaptureQueriesContext(connection) as dry:
            load(directory, dry_run=True)
        with CaptureQueriesContext(connection) as real:
            load(directory)
        queries[n] = (len(dry), len(real), _per_row_queries(real))

    dry_3, real_3, _ = queries[3]
    dry_30, real_30, per_row = queries[30]
    assert dry_30 == dry_3
    # Bulk inserts come in batches, so a few more queries are fine; one per
    # entry is not.
    assert real_30 - per_row <= real_3 + 3


def _per_row_queries(captured):
    # The admin's history registration has reversion follow a role's company
    # examples through a property, which reversion reads with one query per
    # role whatever the loader does; not counted here.
    return sum("roles_companyexample_roles" in q["sql"] for q in captured.captured_queries)


@pytest.fixture
def history():
    """Roles and statements registered with reversion, as the admin does."""
    added = [m for m in (Role, Statement) if not reversion.is_registered(m)]
    for model in added:
        reversion.register(model)
    yield
    for model in added:
        reversion.unregister(model)


def test_load_records_history_of_bulk_writes(loaded, history, tmp_path):
    role = Role.objects.get(slug="community-coach")
    statement = Statement.objects.get(slug="stelling-een")
    versions = Version.objects.get_for_object(role)
    assert versions.count() == 1
    comment = versions.get().revision.comment
    assert comment.startswith("load_articles: ")
    assert "artikel-een.yaml" in comment
    assert Version.objects.get_for_object(statement).get().field_dict["roles"] == [
        Role.objects.get(slug="community-manager").pk
    ]

    files = sample()
    files["artikel-een.yaml"]["roles"][1]["summary"] = "Coacht de community."
    write_files(loaded, files)
    load(loaded)

    assert Version.objects.get_for_object(role).first().field_dict["summary"] == (
        "Coacht de community."
    )
    assert Version.objects.get_for_object(statement).count() == 1
    revisions = Revision.objects.count()
    load(loaded)
    assert Revision.objects.count() == revisions


def test_load_prune_keeps_what_it_deletes_in_the_history(loaded, history):
    write_files(loaded, _drop_facts(sample()))
    statement = Statement.objects.get(slug="reactie-een")

    load(loaded, prune=True)

    deleted = Version.objects.get_deleted(Statement)
    assert [v.object_id for v in deleted] == [str(statement.pk)]
    assert "--prune" in deleted[0].revision.comment


# Faults.


def test_load_failure_midway_leaves_the_database_as_it_was(loaded, monkeypatch):
    files = sample()
    files["artikel-een.yaml"]["roles"][1]["summary"] = "Anders."
    files["artikel-een.yaml"]["statements"].append(
        {"slug": "stelling-drie", "kind": "advice", "text": "Nieuw.", "tags": ["nieuw"]}
    )
    write_files(loaded, files)
    before = snapshot()

    def fail(self):
        assert Statement.objects.filter(slug="stelling-drie").exists()  # rows were written
        raise RuntimeError("injected failure")

    monkeypatch.setattr(loading.Writer, "_write_tags", fail)
    with pytest.raises(RuntimeError, match="injected failure"):
        load(loaded)

    assert snapshot() == before


def test_load_database_refusal_is_a_clear_error_and_writes_nothing(loaded, monkeypatch):
    files = sample()
    files["artikel-een.yaml"]["roles"][1]["summary"] = "Anders."
    write_files(loaded, files)
    before = snapshot()

    def refuse(self):
        raise IntegrityError("duplicate key value")

    monkeypatch.setattr(loading.Writer, "_flush_links", refuse)
    with pytest.raises(CommandError, match="database refused the change, so nothing was written"):
        load(loaded)

    assert snapshot() == before


# Bad input: every kind gives its file, entry and reason, and writes nothing.


def _set(path, value):
    """A change to the sample: path is (file, key, index, key, ...)."""

    def change(files):
        target = files
        for step in path[:-1]:
            target = target[step]
        if value is DELETE:
            del target[path[-1]]
        else:
            target[path[-1]] = value

    return change


def _raw(name, text):
    def change(files):
        files[name] = text

    return change


def _truncated(files):
    text = to_text(files["artikel-een.yaml"], "artikel-een.yaml")
    files["artikel-een.yaml"] = text[: text.index("authors: [") + 12]


def _truncated_json(files):
    text = to_text(files.pop("artikel-twee.yaml"), "artikel-twee.json")
    files["artikel-twee.json"] = text[: len(text) // 2]


def _duplicate_role(files):
    roles = files["artikel-een.yaml"]["roles"]
    roles.append(dict(roles[1]))


def _statement_in_both(files):
    files["artikel-twee.yaml"]["statements"].append(files["artikel-een.yaml"]["statements"][0])


def _same_fact_twice(files):
    files["artikel-twee.yaml"]["role_levels"].append(
        {"role": "community-manager", "level": "operationeel", "note": "Nogmaals."}
    )


def _article_twice(files):
    files["kopie.yaml"] = {"article": files["artikel-een.yaml"]["article"]}


def _facts_without_article(files):
    files["_zonder-bron.yaml"]["statements"] = [{"slug": "x", "kind": "finding", "text": "t"}]


def _levels_in_article(files):
    files["artikel-twee.yaml"]["levels"] = [{"slug": "extra", "name": "Extra", "order": 9}]


DELETE = object()
ONE, TWO, SHARED = "artikel-een.yaml", "artikel-twee.yaml", "_zonder-bron.yaml"
LOL = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
)

BAD_INPUT = {
    "malformed YAML": (
        _raw(ONE, "article:\n  slug: [niet gesloten\n"),
        ONE,
        "",
        "malformed YAML at line 3",
    ),
    "truncated YAML": (_truncated, ONE, "", "malformed YAML at line"),
    "malformed JSON": (
        _raw("derde.json", '{"article": {"slug": "x",}}'),
        "derde.json",
        "",
        "malformed JSON at line 1",
    ),
    "truncated JSON": (_truncated_json, "artikel-twee.json", "", "malformed JSON at line"),
    "top level is a list": (
        _raw(ONE, "- roles\n- people\n"),
        ONE,
        "",
        "the file must hold a mapping of sections, not a list",
    ),
    "empty file": (_raw(ONE, ""), ONE, "", "must hold a mapping of sections, not nothing"),
    "unknown section": (
        _set((ONE, "rols"), []),
        ONE,
        "",
        "unknown section 'rols' (did you mean 'roles'?)",
    ),
    "section not a list": (
        _set((ONE, "companies"), {"slug": "intel", "name": "Intel"}),
        ONE,
        "companies",
        "must be a list of entries, not a mapping",
    ),
    "entry not a mapping": (
        _set((ONE, "responsibility_groups", 0, "responsibilities", 1), "modereren"),
        ONE,
        "responsibility_groups[0] slug=cm-werk responsibilities[1]",
        "must be a mapping, not text",
    ),
    "unknown key": (
        _set((ONE, "roles", 1, "summmary"), "x"),
        ONE,
        "roles[1] slug=community-coach",
        "unknown key 'summmary' (did you mean 'summary'?)",
    ),
    "missing required key": (
        _set((ONE, "roles", 1, "summary"), DELETE),
        ONE,
        "roles[1] slug=community-coach",
        "missing required key 'summary'",
    ),
    "empty required text": (
        _set((ONE, "statements", 0, "text"), ""),
        ONE,
        "statements[0] slug=stelling-een",
        "'text' must not be empty",
    ),
    "string instead of a list": (
        _set((ONE, "statements", 0, "roles"), "community-manager"),
        ONE,
        "statements[0] slug=stelling-een",
        "'roles' must be a list of slugs, not text",
    ),
    "number instead of text": (
        _set((ONE, "companies", 0, "sector"), 2012),
        ONE,
        "companies[0] slug=intel",
        "'sector' must be text, not a number (put it in quotes)",
    ),
    "text instead of true/false": (
        _set((TWO, "article", "title_is_descriptive"), "ja"),
        TWO,
        "article",
        "'title_is_descriptive' must be true or false, not text",
    ),
    "bad date": (
        _set((ONE, "article", "published_on"), "5 maart 2012"),
        ONE,
        "article",
        "'published_on' must be a date as YYYY-MM-DD, not '5 maart 2012'",
    ),
    "impossible date": (
        _raw(TWO, "article:\n  slug: artikel-twee\n  published_on: 2012-13-45\n"),
        TWO,
        "",
        "malformed YAML at line 3, column 17: '2012-13-45' is not a valid date",
    ),
    "date with a time": (
        _set((ONE, "statements", 1, "said_on"), "2012-03-06 10:00:00"),
        ONE,
        "statements[1] slug=reactie-een",
        "'said_on' must be a date as YYYY-MM-DD",
    ),
    "bad choice": (
        _set((ONE, "role_competencies", 0, "importance"), "maybe"),
        ONE,
        "role_competencies[0] role=community-manager competency=communicatief",
        "'importance' must be one of must, nice, named, not 'maybe'",
    ),
    "too long for the model": (
        _set((ONE, "roles", 1, "name"), "x" * 201),
        ONE,
        "roles[1] slug=community-coach",
        "'name' is too long: at most 200 characters, this has 201",
    ),
    "not a slug": (
        _set((ONE, "roles", 1, "slug"), "Community Coach!"),
        ONE,
        "roles[1] slug=Community Coach!",
        "'slug': 'Community Coach!' is not a slug (lower-case letters, digits and -)",
    ),
    "slug in upper case": (
        _set((ONE, "roles", 1, "slug"), "Community-Manager"),
        ONE,
        "roles[1] slug=Community-Manager",
        "'slug': 'Community-Manager' is not a slug (lower-case letters, digits and -)",
    ),
    "reference in upper case": (
        _set((ONE, "statements", 0, "roles"), ["Community-Manager"]),
        ONE,
        "statements[0] slug=stelling-een",
        "'roles': 'Community-Manager' is not a slug",
    ),
    "NUL in a text": (
        _set((ONE, "roles", 1, "summary"), "Coacht\x00 de community."),
        ONE,
        "roles[1] slug=community-coach",
        "'summary' holds a NUL character at position 7; remove it",
    ),
    "NUL in JSON": (
        _raw("derde.json", '{"article": {"slug": "derde", "title": "a\\u0000b", "summary": "s"}}'),
        "derde.json",
        "article",
        "'title' holds a NUL character at position 2",
    ),
    "escape character in a name": (
        _set((ONE, "roles", 1, "name"), "Community\x1b[31m coach"),
        ONE,
        "roles[1] slug=community-coach",
        "'name' holds the control character U+001B at position 10",
    ),
    "delete character in a name": (
        _set((ONE, "companies", 0, "name"), "Intel\x7f"),
        ONE,
        "companies[0] slug=intel",
        "'name' holds the control character U+007F at position 6",
    ),
    "bidirectional control in a name": (
        _set((ONE, "people", 0, "name"), "Auteur \u202eneE"),
        ONE,
        "people[0] slug=auteur-een",
        "'name' holds the bidirectional control U+202E at position 8",
    ),
    "control character in a tag": (
        _set((ONE, "roles", 1, "tags"), ["coach\x07"]),
        ONE,
        "roles[1] slug=community-coach",
        "'tags' holds the control character U+0007 at position 6",
    ),
    "bad URL": (
        _set((ONE, "article", "url"), "geen adres"),
        ONE,
        "article",
        "'url': 'geen adres' is not a valid URL",
    ),
    "number out of range": (
        _set((ONE, "role_competencies", 0, "order"), 40000),
        ONE,
        "role_competencies[0] role=community-manager competency=communicatief",
        "'order' must be between 0 and 32767, not 40000",
    ),
    "tag that is not text": (
        _set((ONE, "roles", 1, "tags"), [2012]),
        ONE,
        "roles[1] slug=community-coach",
        "'tags' must hold text, not a number",
    ),
    "tag listed twice": (
        _set((ONE, "roles", 1, "tags"), ["Coach", "coach"]),
        ONE,
        "roles[1] slug=community-coach",
        "'tags' lists 'coach' twice",
    ),
    "unknown slug reference": (
        _set((ONE, "statements", 0, "roles"), ["bestaat-niet"]),
        ONE,
        "statements[0] slug=stelling-een",
        "unknown role 'bestaat-niet' in 'roles': not defined in these files or in the database",
    ),
    "unknown person": (
        _set((ONE, "role_levels", 0, "said_by"), "niemand"),
        ONE,
        "role_levels[0] role=community-manager level=tactisch",
        "unknown person 'niemand' in 'said_by'",
    ),
    "unknown organisation in an affiliation": (
        _set((ONE, "affiliations"), [{"person": "auteur-een", "organisation": "bestaat-niet"}]),
        ONE,
        "affiliations[0] person=auteur-een organisation=bestaat-niet",
        "unknown organisation 'bestaat-niet' in 'organisation'",
    ),
    "unknown level in a nested entry": (
        _set((ONE, "responsibility_groups", 0, "responsibilities", 0, "level"), "hoog"),
        ONE,
        "responsibility_groups[0] slug=cm-werk responsibilities[0] slug=analyseren",
        "unknown level 'hoog' in 'level'",
    ),
    "duplicate slug in a file": (
        _duplicate_role,
        ONE,
        "roles[2] slug=community-coach",
        "duplicate slug: also defined at roles[1] slug=community-coach",
    ),
    "duplicate slug across files": (
        _statement_in_both,
        TWO,
        "statements[1] slug=stelling-een",
        "duplicate slug: 'stelling-een' is also used at",
    ),
    "same fact twice": (
        _same_fact_twice,
        TWO,
        "role_levels[1] role=community-manager level=operationeel",
        "the same fact is given twice; also at role_levels[0]",
    ),
    "entry defined differently by a second article": (
        _set((TWO, "roles", 0), {**sample()[ONE]["roles"][0], "summary": "Iets anders."}),
        TWO,
        "roles[0] slug=community-manager",
        "defined differently in",
    ),
    "article defined twice": (
        _article_twice,
        "kopie.yaml",
        "article",
        "the article 'artikel-een' is also defined in",
    ),
    "facts without an article": (
        _facts_without_article,
        SHARED,
        "statements",
        "this file has no 'article' section",
    ),
    "levels in an article file": (
        _levels_in_article,
        TWO,
        "levels",
        "levels belong in a shared file such as _niveaus.yaml",
    ),
    "group with a role and a team structure": (
        _set((ONE, "responsibility_groups", 0, "team_structure"), "centraal-team"),
        ONE,
        "responsibility_groups[0] slug=cm-werk",
        "give 'role' or 'team_structure', not role and team_structure",
    ),
    "group with neither role nor team structure": (
        _set((ONE, "responsibility_groups", 1, "team_structure"), DELETE),
        ONE,
        "responsibility_groups[1] slug=team-taken",
        "not neither",
    ),
    "relation of a role with itself": (
        _set((ONE, "role_relations", 0, "to"), "community-coach"),
        ONE,
        "role_relations[0] from=community-coach kind=alternative_for to=community-coach",
        "a role cannot have a relation with itself",
    ),
    "team lead outside the team": (
        _set((ONE, "team_positions", 0, "placement"), "outside"),
        ONE,
        "team_positions[0] team_structure=centraal-team role=community-manager",
        "lead: true needs placement: in_team",
    ),
    "count of zero": (
        _set((ONE, "team_positions", 0, "count"), 0),
        ONE,
        "team_positions[0] team_structure=centraal-team role=community-manager",
        "'count' is at least 1",
    ),
    "YAML alias": (
        _raw(ONE, "article: &a {slug: x}\nroles: *a\n"),
        ONE,
        "",
        "aliases (*name) are not allowed in fixtures",
    ),
    "billion laughs": (_raw(ONE, LOL), ONE, "", "aliases (*name) are not allowed"),
    "duplicate key": (
        _raw(TWO, "article:\n  slug: artikel-twee\n  summary: a\n  summary: b\n"),
        TWO,
        "",
        "malformed YAML at line 4, column 3: duplicate key 'summary'",
    ),
    "duplicate key in JSON": (
        _raw("derde.json", '{"article": {"slug": "a", "slug": "b"}}'),
        "derde.json",
        "",
        "duplicate key 'slug'",
    ),
    "python object tag": (
        _raw(ONE, "article: !!python/object/apply:os.system [ls]\n"),
        ONE,
        "",
        "could not determine a constructor for the tag",
    ),
    "deep nesting": (
        _raw(ONE, "article: " + "[" * 200 + "]" * 200 + "\n"),
        ONE,
        "",
        "nested more than 50 levels deep",
    ),
    "deep nesting in JSON": (
        _raw("derde.json", "[" * 100_000 + "]" * 100_000),
        "derde.json",
        "",
        "malformed JSON",
    ),
    "two documents in one file": (
        _raw(ONE, "article: {slug: a}\n---\nroles: []\n"),
        ONE,
        "",
        "expected a single document",
    ),
    "latin-1 instead of UTF-8": (
        _raw(ONE, "article:\n  title: Coördinator\n".encode("latin-1")),
        ONE,
        "",
        "not valid UTF-8 at byte 20 (invalid start byte); save the file as UTF-8",
    ),
    "UTF-16": (
        _raw(ONE, "article:\n  slug: a\n".encode("utf-16")),
        ONE,
        "",
        "not valid UTF-8 at byte 0",
    ),
}


@pytest.mark.parametrize(
    ("change", "file", "where", "reason"), BAD_INPUT.values(), ids=BAD_INPUT.keys()
)
def test_load_bad_input_names_file_entry_and_reason_and_writes_nothing(
    loaded, tmp_path, change, file, where, reason
):
    files = sample()
    change(files)
    bad = write_files(tmp_path / "bad", files)
    before = snapshot()

    with pytest.raises(CommandError) as raised:
        load(bad)

    message = str(raised.value)
    assert "nothing was written" in message.splitlines()[0]
    prefix = f"{bad / file}: {where}: " if where else f"{bad / file}: "
    lines = [line for line in message.splitlines() if line.startswith(prefix)]
    assert any(reason in line for line in lines), message
    assert snapshot() == before


def test_load_reports_every_problem_in_every_file_at_once(loaded, tmp_path):
    files = sample()
    files[ONE]["roles"][1]["summmary"] = "x"
    files[TWO]["statements"][0]["kind"] = "feit"
    files[TWO]["role_levels"][0]["level"] = "hoog"

    with pytest.raises(CommandError) as raised:
        load(write_files(tmp_path / "bad", files))

    message = str(raised.value)
    assert message.startswith("3 problem(s) in the fixture files; nothing was written.")
    assert "unknown key 'summmary'" in message
    assert "'kind' must be one of" in message
    assert "unknown level 'hoog'" in message


def test_load_caps_the_number_of_problems_it_lists(tmp_path):
    roles = [{"slug": f"rol-{i}", "name": "R", "sumary": "s"} for i in range(300)]
    with pytest.raises(CommandError) as raised:
        load(write_files(tmp_path, {SHARED: {"roles": roles}}))

    lines = str(raised.value).splitlines()
    assert lines[0].startswith("600 problem(s)")
    assert len(lines) == 1 + loading.MAX_PROBLEMS + 1
    assert lines[-1] == f"... and {600 - loading.MAX_PROBLEMS} more"


def test_load_refuses_a_slug_owned_by_an_article_it_does_not_load(loaded, tmp_path):
    third = {
        "article": {"slug": "artikel-drie", "title": "Drie", "summary": "Drie."},
        "statements": [{"slug": "stelling-een", "kind": "finding", "text": "Kaping."}],
    }
    before = snapshot()

    with pytest.raises(CommandError) as raised:
        load(write_files(tmp_path / "drie", {"artikel-drie.yaml": third}))

    assert "statements[0] slug=stelling-een: slug 'stelling-een' already belongs to a " in str(
        raised.value
    )
    assert "statement of the article 'artikel-een'" in str(raised.value)
    assert snapshot() == before


def test_load_keeps_tabs_and_line_breaks_in_texts(tmp_path):
    files = sample()
    files[ONE]["roles"][1]["description"] = "Eerste regel.\n\tIngesprongen."
    load(write_files(tmp_path, files))

    assert Role.objects.get(slug="community-coach").description == (
        "Eerste regel.\n\tIngesprongen."
    )


def _has_statistics(table):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return False
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone()[0] > 0


def test_load_of_many_rows_refreshes_the_planner_statistics(tmp_path, monkeypatch):
    monkeypatch.setattr(loading, "ANALYZE_AFTER_ROWS", 10)
    assert not _has_statistics(Statement._meta.db_table)

    load(write_files(tmp_path, sample()))

    for model in (Role, Statement, RoleSource, Version):
        assert _has_statistics(model._meta.db_table), model.__name__


def test_load_of_few_rows_leaves_the_statistics_alone(tmp_path):
    load(write_files(tmp_path, sample()))

    assert not _has_statistics(Statement._meta.db_table)


def test_load_refuses_a_level_order_already_in_use(loaded, tmp_path):
    levels = {"levels": [{"slug": "extra", "name": "Extra", "order": 2}]}

    with pytest.raises(CommandError, match=r"order 2 is also used by the level\(s\) tactisch"):
        load(write_files(tmp_path / "extra", {"_extra.yaml": levels}))


def test_load_refuses_a_missing_path_and_other_file_types(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "leeg").mkdir()

    with pytest.raises(CommandError) as raised:
        load(tmp_path / "bestaat-niet", tmp_path / "notes.txt", tmp_path / "leeg")

    message = str(raised.value)
    assert f"{tmp_path / 'bestaat-niet'}: no such file or directory" in message
    assert f"{tmp_path / 'notes.txt'}: not a .yaml, .yml or .json file" in message
    assert f"{tmp_path / 'leeg'}: no *.yaml, *.yml or *.json files here" in message


# Hostile files: refused quickly, without reading them whole.


def test_load_refuses_a_huge_file_before_reading_it(loaded, tmp_path):
    huge = tmp_path / "huge" / "artikel-groot.yaml"
    huge.parent.mkdir()
    with huge.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # 50 MB, sparse: nothing to read but zeros
    before = snapshot()

    started = time.monotonic()
    with pytest.raises(CommandError) as raised:
        load(huge.parent)

    assert time.monotonic() - started < 5
    assert (
        f"{huge}: file is 50.0 MB, larger than the limit of 10.0 MB (see --max-file-size)"
        in str(raised.value)
    )
    assert snapshot() == before


def test_load_max_file_size_is_configurable(loaded):
    with pytest.raises(CommandError, match=r"larger than the limit of 0\.0 MB"):
        call_command("load_articles", str(loaded), "--max-file-size", "1K", verbosity=0)

    call_command("load_articles", str(loaded), "--max-file-size", "2M", verbosity=0)


def test_load_refuses_a_file_with_too_many_values(tmp_path, monkeypatch):
    monkeypatch.setattr(fixture_format, "MAX_NODES", 1000)
    roles = [{"slug": f"rol-{i}", "name": "R", "summary": "s"} for i in range(300)]
    path = tmp_path / SHARED
    path.write_text(yaml.safe_dump({"roles": roles}))

    with pytest.raises(CommandError, match="more than 1000 values in one file; split it"):
        load(path)
    assert not Role.objects.exists()


def test_load_output_counts_every_kind(tmp_path):
    output = load(write_files(tmp_path, sample()))

    assert re.search(r"created\s+updated\s+unchanged\s+not in files", output)
    assert set(counts(output)) == {
        "articles",
        "people",
        "levels",
        "roles",
        "competencies",
        "team structures",
        "companies",
        "role levels",
        "alternative titles",
        "role competencies",
        "role relations",
        "responsibility groups",
        "responsibilities",
        "team positions",
        "company examples",
        "statements",
        "sources of entries",
    }
    assert RoleRelation.objects.get().kind == "alternative_for"
