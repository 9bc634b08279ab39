"""
export_articles: writes the database back in the fixture format, so that
load, export, load again is lossless and an unchanged database exports to
identical files.
"""

import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from loader_helpers import content, load, sample, wipe, write_files

from articles.models import Article, Person
from editorial.models import Status
from loader.exporting import dump
from loader.fixture_format import parse_text
from roles.models import Level, Responsibility, Role, Statement

pytestmark = pytest.mark.django_db

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def export(directory):
    out, err = io.StringIO(), io.StringIO()
    call_command("export_articles", str(directory), stdout=out, stderr=err, no_color=True)
    return out.getvalue(), err.getvalue()


def read(directory):
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(Path(directory).iterdir())}


def assert_round_trip(tmp_path):
    """Export, load into an empty database, export again: nothing may change."""
    before = content()
    export(tmp_path / "first")
    wipe()
    load(tmp_path / "first")
    assert content() == before
    export(tmp_path / "second")
    assert read(tmp_path / "second") == read(tmp_path / "first")


def test_export_round_trip_is_lossless(tmp_path):
    load(write_files(tmp_path / "fixtures", sample()))

    assert_round_trip(tmp_path)


def test_export_round_trip_keeps_what_editors_changed(tmp_path):
    load(write_files(tmp_path / "fixtures", sample()))
    # Edits as the admin makes them: a draft, Windows line ends from a
    # textarea, awkward text, a new tag, a person on a responsibility.
    role = Role.objects.get(slug="community-coach")
    role.status = Status.DRAFT
    role.description = "Regel één\r\nRegel twee\r\n"
    role.summary = "null"
    role.save()
    role.tags.add("Nieuwe Tag")
    Responsibility.objects.filter(slug="analyseren").update(
        said_by=Person.objects.get(slug="los-persoon"), description="  ingesprongen"
    )
    Level.objects.filter(slug="tactisch").update(description="ja")
    Article.objects.filter(slug="artikel-twee").update(summary="- geen lijst: maar tekst #1")

    assert_round_trip(tmp_path)


@pytest.mark.skipif(
    not any(p.suffix == ".yaml" and not p.name.startswith("_") for p in FIXTURES.iterdir()),
    reason="no article files in fixtures/ yet",
)
def test_export_round_trip_of_the_real_fixtures(tmp_path):
    load(FIXTURES)

    assert_round_trip(tmp_path)


def test_export_writes_one_file_per_article_and_the_shared_files(tmp_path):
    load(write_files(tmp_path / "fixtures", sample()))

    output, _ = export(tmp_path / "out")

    files = read(tmp_path / "out")
    assert sorted(files) == [
        "_niveaus.yaml",
        "_zonder-bron.yaml",
        "artikel-een.yaml",
        "artikel-twee.yaml",
    ]
    assert "Wrote 4 file(s)" in output
    one = yaml.safe_load(files["artikel-een.yaml"])
    two = yaml.safe_load(files["artikel-twee.yaml"])
    unsourced = yaml.safe_load(files["_zonder-bron.yaml"])
    assert list(yaml.safe_load(files["_niveaus.yaml"])) == ["levels"]
    # Sections in the README's order; entries sorted by slug.
    assert list(one)[:3] == ["article", "people", "roles"]
    assert [r["slug"] for r in one["roles"]] == ["community-coach", "community-manager"]
    assert [s["slug"] for s in one["statements"]] == ["reactie-een", "stelling-een"]
    # An entry goes to every article that is a source of it.
    assert [r["slug"] for r in two["roles"]] == ["community-manager"]
    assert two["roles"][0] == next(r for r in one["roles"] if r["slug"] == "community-manager")
    # People go where they are cited; the rest, and unsourced entries, to
    # _zonder-bron.yaml.
    assert [p["slug"] for p in one["people"]] == ["auteur-een", "reageerder"]
    assert "people" not in two
    assert unsourced == {
        "people": [
            {"slug": "los-persoon", "name": "Los Persoon", "affiliation": "", "description": ""}
        ],
        "roles": [
            {
                "slug": "losse-rol",
                "name": "Losse rol",
                "summary": "yes",
                "description": "",
                "tags": [],
            }
        ],
    }
    # Published is the default and left out; a draft says so.
    statements = {s["slug"]: s for s in one["statements"]}
    assert "status" not in statements["stelling-een"]
    assert statements["reactie-een"]["status"] == "draft"


def test_export_writes_dates_and_dutch_text_as_they_read(tmp_path):
    load(write_files(tmp_path / "fixtures", sample()))

    export(tmp_path / "out")

    text = (tmp_path / "out" / "artikel-een.yaml").read_text(encoding="utf-8")
    assert "  published_on: 2012-03-05\n" in text
    assert "    said_on: 2012-03-06\n" in text
    assert "name: Auteur Eén\n" in text
    assert "  tags: [community management, intranet]\n" in text
    # Multi-line text as a block, not an escaped string.
    assert '    description: |-\n      Regel één: "citaat"\n\n      - geen lijst\n' in text


def test_export_of_an_unchanged_database_rewrites_no_file(tmp_path):
    load(write_files(tmp_path / "fixtures", sample()))
    export(tmp_path / "out")
    times = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()}

    output, _ = export(tmp_path / "out")

    assert "Wrote 0 file(s)" in output
    assert "(4 already up to date)" in output
    assert {p.name: p.stat().st_mtime_ns for p in (tmp_path / "out").iterdir()} == times


def test_export_names_files_it_did_not_write(tmp_path):
    load(write_files(tmp_path / "fixtures", sample()))
    write_files(tmp_path / "out", {"oud-artikel.yaml": "article: {}\n", "README.md": "x"})

    _, errors = export(tmp_path / "out")

    assert "remove before loading" in errors
    assert "oud-artikel.yaml" in errors
    assert "README.md" not in errors


def test_export_warns_when_a_responsibility_has_another_source_than_its_group(tmp_path):
    load(write_files(tmp_path / "fixtures", sample()))
    Responsibility.objects.filter(slug="trainen").update(
        source=Article.objects.get(slug="artikel-twee")
    )

    _, errors = export(tmp_path / "out")

    assert "responsibility 'trainen' is sourced by 'artikel-twee'" in errors


def test_export_query_count_does_not_grow_with_the_data(tmp_path):
    queries = []
    for n in (2, 20):
        wipe()
        files = sample()
        files["artikel-twee.yaml"]["statements"] = [
            {"slug": f"s-{i}", "kind": "finding", "text": "t", "roles": ["community-manager"]}
            for i in range(n)
        ]
        load(write_files(tmp_path / str(n), files))
        with CaptureQueriesContext(connection) as captured:
            export(tmp_path / f"out-{n}")
        queries.append(len(captured))

    assert queries[0] == queries[1]


text = st.text(max_size=200) | st.lists(
    st.sampled_from(["a", "é", " ", "  ", "\n", "\n\n", "\t", ":", "#", "'", '"', "- ", "\x85"]),
    max_size=60,
).map("".join)


@hypothesis_settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=text)
def test_export_writes_any_text_so_that_it_reads_back_the_same(value):
    data = {"statements": [{"text": value, "quote": "woord " * 20 + value}]}

    assert parse_text(dump(data), ".yaml") == data


def test_export_of_statement_links_is_sorted(tmp_path):
    load(write_files(tmp_path / "fixtures", sample()))

    export(tmp_path / "out")

    one = yaml.safe_load((tmp_path / "out" / "artikel-een.yaml").read_text(encoding="utf-8"))
    reaction = next(s for s in one["statements"] if s["slug"] == "reactie-een")
    assert reaction["roles"] == ["community-coach", "community-manager"]
    assert Statement.objects.get(slug="reactie-een").roles.count() == 2


def test_export_at_verbosity_0_prints_nothing_but_still_writes(tmp_path):
    call_command("load_articles", str(FIXTURES), verbosity=0)
    out, err = io.StringIO(), io.StringIO()
    call_command("export_articles", str(tmp_path), stdout=out, stderr=err, verbosity=0)
    assert out.getvalue() == "" and err.getvalue() == ""
    written = {p.name for p in tmp_path.glob("*.yaml")}
    assert written >= {p.name for p in FIXTURES.glob("*.yaml")}
