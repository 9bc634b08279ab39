import csv
import io
import json
import re

import pytest
from django.core.management import call_command
from sample_knowledge import build
from taggit.models import Tag, TaggedItem

from articles.models import Affiliation, Article, Organisation, OrganisationSource, Person
from debates.models import Debate, DebateSource, Position
from editorial.models import Status
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

PAGE_QUERY_CEILING = 10

# The CSV files the open data offers: one per kind of entry, as the API names them.
# The tables: one per kind of entry and fact, from the kinds registry.
CSV_FILES = [
    "articles",
    "people",
    "organisations",
    "affiliations",
    "levels",
    "roles",
    "competencies",
    "teams",
    "companies",
    "role-levels",
    "alternative-titles",
    "role-competencies",
    "role-relations",
    "responsibility-groups",
    "responsibilities",
    "team-positions",
    "company-examples",
    "statements",
    "debates",
    "positions",
]


def download_json(client):
    response = client.get("/downloads/rolwijzer.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 'filename="rolwijzer.json"' in response["Content-Disposition"]
    return json.loads(response.getvalue())


def write_files(bundle, directory):
    for name, data in bundle["files"].items():
        (directory / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def empty_database():
    """Delete the knowledge base, facts before what they point to."""
    # Not `flush`: it recreates content types under new ids, which Django's
    # in-process content type cache would then no longer match.
    for model in (
        Position,
        DebateSource,
        Debate,
        RoleLevel,
        AlternativeTitle,
        RoleCompetency,
        RoleRelation,
        Responsibility,
        ResponsibilityGroup,
        TeamPosition,
        CompanyExample,
        Statement,
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
        Level,
        Article,
        Person,
        TaggedItem,
        Tag,
    ):
        model.objects.all().delete()


def download_csv(client, kind):
    response = client.get(f"/downloads/{kind}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="rolwijzer-{kind}.csv"' in response["Content-Disposition"]
    text = response.getvalue().decode("utf-8")
    assert text.startswith("\ufeff"), "a byte order mark, for Excel"
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_downloads_page_links_every_file_and_states_the_licence(
    client, db, django_assert_max_num_queries
):
    with django_assert_max_num_queries(PAGE_QUERY_CEILING):
        response = client.get("/downloads/")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/downloads/rolwijzer.json"' in html
    linked = re.findall(r'href="/downloads/([^"/]+)\.csv"', html)
    assert sorted(set(linked)) == sorted(CSV_FILES)
    assert 'href="/api/schema/"' in html
    assert "CC BY 4.0" in html
    assert "Redactionele keuze" in html
    assert "eigen woorden" in html
    assert "Korte citaten blijven van hun auteurs" in html


def test_json_download_of_the_fixtures_loads_back_unchanged(client, knowledge, tmp_path):
    bundle = download_json(client)
    assert bundle["licence"]["name"] == "CC BY 4.0"
    assert "twee-carrieremogelijkheden-conversation-manager.json" in bundle["files"]
    counts = {model: model.objects.count() for model in (Role, Competency, Statement, Person)}

    write_files(bundle, tmp_path)
    empty_database()
    assert Role.objects.count() == 0
    call_command("load_articles", str(tmp_path), verbosity=0)

    assert {model: model.objects.count() for model in counts} == counts
    assert download_json(client) == bundle


def test_json_download_leaves_out_drafts_and_links_to_them(client, db, tmp_path):
    k = build()

    bundle = download_json(client)
    text = json.dumps(bundle)
    for draft in (
        "geheime-rol",
        "verborgen-competentie",
        "verborgen-team",
        "verborgen-bedrijf",
        "verborgen-voorbeeld",
        "verborgen-uitspraak",
        "verborgen-persoon",
        "verborgen-taak",
        "concept-artikel",
        "uitspraak-in-concept",
    ):
        assert draft not in text, draft
    statement = next(
        s
        for data in bundle["files"].values()
        for s in data.get("statements", ())
        if s["slug"] == k.statement.slug
    )
    assert statement["roles"] == ["community-manager", "conversation-manager"]

    write_files(bundle, tmp_path)
    empty_database()
    call_command("load_articles", str(tmp_path), verbosity=0)

    assert set(Role.objects.values_list("slug", flat=True)) == {
        "community-manager",
        "conversation-manager",
    }
    assert not Article.objects.filter(slug="concept-artikel").exists()
    assert not TeamStructure.objects.filter(slug="verborgen-team").exists()
    assert not Company.objects.filter(slug="verborgen-bedrijf").exists()
    assert Role.objects.get(slug="community-manager").role_competencies.count() == 3


def test_csv_tables_are_the_kinds_of_the_registry():
    from editorial.kinds import all_kinds
    from portal.csv_export import TABLES

    assert sorted(TABLES) == sorted(CSV_FILES)
    assert len(TABLES) == len(all_kinds())


def test_csv_has_one_row_per_published_entry_of_each_kind(client, db):
    from portal.csv_export import TABLES

    build()
    for kind in (
        "roles",
        "competencies",
        "responsibilities",
        "levels",
        "teams",
        "companies",
        "company-examples",
        "statements",
        "articles",
        "people",
        "organisations",
        "debates",
    ):
        rows = download_csv(client, kind)
        api_slugs = [e["slug"] for e in client.get(f"/api/{kind}/").json()["results"]]
        assert sorted(row["slug"] for row in rows) == sorted(api_slugs), kind
        if TABLES[kind].kind.page:  # kinds with a page of their own
            assert all(row["site_url"].startswith("http://testserver/") for row in rows), kind
    roles = [row["slug"] for row in download_csv(client, "roles")]
    assert roles == ["community-manager", "conversation-manager"]


def test_csv_joins_linked_slugs_with_semicolons_and_names_sources(client, db):
    build()

    roles = {row["slug"]: row for row in download_csv(client, "roles")}
    statements = {row["slug"]: row for row in download_csv(client, "statements")}
    competencies = [
        (row["competency"], row["importance"], row["source"])
        for row in download_csv(client, "role-competencies")
        if row["role"] == "community-manager"
    ]
    titles = [(row["role"], row["title"]) for row in download_csv(client, "alternative-titles")]

    cm = roles["community-manager"]
    assert cm["tags"] == "community management"
    assert cm["sources"] == "de-community-manager-wordt-volwassen"
    assert "status" not in cm  # every row of a download is published
    assert sorted(competencies) == [
        ("communicatief", "must", "de-community-manager-wordt-volwassen"),
        ("organisatorisch-sterk", "nice", "de-community-manager-wordt-volwassen"),
        ("sociaal", "must", "de-community-manager-wordt-volwassen"),
    ]
    assert ("community-manager", "Community coach") in titles
    assert statements["cm-is-operationele-rol"]["roles"] == "community-manager;conversation-manager"
    assert statements["cm-is-operationele-rol"]["in_comment"] == "true"


def test_csv_for_dutch_excel_uses_semicolons(client, db):
    build()
    response = client.get("/downloads/excel/roles.csv")
    assert response.status_code == 200
    assert 'filename="rolwijzer-roles-excel.csv"' in response["Content-Disposition"]
    text = response.getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [row["slug"] for row in rows] == [row["slug"] for row in download_csv(client, "roles")]
    assert text.splitlines()[0].startswith("slug;name;")


@pytest.mark.parametrize("kind", CSV_FILES)
def test_csv_of_an_empty_knowledge_base_still_has_its_header(client, db, kind):
    from portal.csv_export import TABLES

    rows = client.get(f"/downloads/{kind}.csv").getvalue().decode("utf-8-sig").splitlines()
    assert rows[0] == ",".join(TABLES[kind].columns)
    assert len(rows) == 1


@pytest.mark.parametrize(
    "text",
    ["=HYPERLINK(1)", "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_csv_cell_that_looks_like_a_formula_stays_text(client, db, text):
    Competency.objects.create(slug="formule", name=text, summary="gewoon", status=Status.PUBLISHED)

    rows = download_csv(client, "competencies")

    assert rows[0]["name"] == "'" + text
    assert rows[0]["summary"] == "gewoon"


def test_csv_for_an_unknown_kind_is_404(client, db):
    assert client.get("/downloads/geheimen.csv").status_code == 404


def test_csv_downloads_are_linked_from_every_page(client, db):
    html = client.get("/").content.decode()
    assert 'href="/downloads/"' in html


def test_json_download_follows_every_change_at_once(client, db):
    k = build()
    assert "geheime-rol" not in json.dumps(download_json(client))

    Role.objects.filter(pk=k.hidden_role.pk).update(status=Status.PUBLISHED)

    assert "geheime-rol" in json.dumps(download_json(client))


def test_json_download_is_built_once_per_version_and_then_served_from_a_file(client, db, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    k = build()
    with CaptureQueriesContext(connection) as first:
        bundle = download_json(client)
    with CaptureQueriesContext(connection) as second:
        again = client.get("/downloads/rolwijzer.json").getvalue()
    assert len(first) > 10  # it read the tables
    assert len(second) == 0  # the file of this version, from disk
    assert json.loads(again) == bundle
    assert len(list(settings.DOWNLOADS_ROOT.glob("*/rolwijzer.json"))) == 1

    Role.objects.filter(pk=k.hidden_role.pk).update(status=Status.PUBLISHED)
    assert "geheime-rol" in json.dumps(download_json(client))
    assert not list(settings.DOWNLOADS_ROOT.glob("*.part"))  # no half-written folder left


def test_json_download_starts_before_the_knowledge_base_is_read(client, db, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import downloads

    build()
    monkeypatch.setattr(downloads, "ARTICLES_PER_BATCH", 1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/downloads/rolwijzer.json")
        blocks = iter(response.streaming_content)
        opening = next(blocks)
        before = len(queries)
        rest = b"".join(blocks)
    assert opening.startswith(b'{"name": "Rolwijzer"')
    assert before < len(queries) / 2  # the first block came before most of the reading
    assert len(json.loads(opening + rest)["files"]) == Article.objects.public().count() + 2


def test_json_download_is_the_same_whatever_the_batch(client, db, monkeypatch, settings):
    from editorial.cache import bump_content_version
    from portal import downloads

    build()
    whole = download_json(client)
    monkeypatch.setattr(downloads, "ARTICLES_PER_BATCH", 1)
    bump_content_version()
    assert download_json(client) == whole


def test_csv_tables_are_built_once_per_version_and_streamed(client, db, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import csv_export

    k = build()
    monkeypatch.setattr(csv_export, "ROWS_PER_CHUNK", 1)
    with CaptureQueriesContext(connection) as first:
        roles = download_csv(client, "roles")
    with CaptureQueriesContext(connection) as second:
        again = client.get("/downloads/roles.csv").getvalue().decode("utf-8")
    assert len(first) > 10 and len(second) == 0  # the second from the file
    assert list(csv.DictReader(io.StringIO(again[1:]))) == roles
    assert "geheime-rol" not in [row["slug"] for row in roles]
    # A row per chunk, in the order the roles were added, each once.
    public = list(Role.objects.public().order_by("pk").values_list("slug", flat=True))
    assert len(public) > 1 and [row["slug"] for row in roles] == public

    Role.objects.filter(pk=k.hidden_role.pk).update(status=Status.PUBLISHED)
    assert "geheime-rol" in [row["slug"] for row in download_csv(client, "roles")]


def test_a_download_nobody_reads_holds_up_no_one(client, db, monkeypatch):
    from portal import downloads

    build()
    client.get("/downloads/rolwijzer.json")  # a HEAD-like request: the body is never read

    def no_waiting(seconds):
        raise AssertionError("the next request waited for a build that never started")

    monkeypatch.setattr(downloads.time, "sleep", no_waiting)
    assert "community-manager" in json.dumps(download_json(client))


def test_a_download_asked_for_during_a_build_streams_that_builds_file(client, db, monkeypatch):
    from portal import downloads

    build()
    building = iter(client.get("/downloads/roles.csv").streaming_content)
    blocks = [next(building)]  # the first reader's build has begun
    waited = []

    def finish_the_build(seconds):
        waited.append(seconds)
        blocks.extend(building)

    monkeypatch.setattr(downloads.time, "sleep", finish_the_build)
    monkeypatch.setattr(downloads, "write_table", None)  # the second reader builds nothing
    waiting = b"".join(client.get("/downloads/roles.csv").streaming_content)
    assert waited  # it waited for the first reader's folder
    assert waiting == b"".join(blocks)
    assert waiting.decode("utf-8").count("\r\n") > 2


def test_a_reader_during_a_rebuild_gets_the_previous_file_at_once(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    k = build()
    before = client.get("/downloads/rolwijzer.json").getvalue()
    Role.objects.filter(pk=k.hidden_role.pk).update(status=Status.PUBLISHED)
    building = iter(client.get("/downloads/rolwijzer.json").streaming_content)
    blocks = [next(building)]  # the new version's build has begun

    with CaptureQueriesContext(connection) as meanwhile:
        response = client.get("/downloads/rolwijzer.json")
        during = response.getvalue()
    assert len(meanwhile) == 0  # a file, not a wait for the build
    assert during == before and "geheime-rol" not in during.decode()
    assert response["Last-Modified"]  # says when the file it gives was built

    blocks.extend(building)
    assert "geheime-rol" in b"".join(blocks).decode()
    assert "geheime-rol" in json.dumps(download_json(client))


def test_without_a_previous_file_of_its_own_a_reader_waits_for_the_build(
    client, db, monkeypatch, settings
):
    from portal import downloads

    build()
    old_layout = settings.DOWNLOADS_ROOT / "0123456789abcdef-csv-x-levels"
    old_layout.mkdir(parents=True)
    (old_layout / "standard-levels.csv").write_text("no recipe: not a finished folder\r\n")
    building = iter(client.get("/downloads/levels.csv").streaming_content)
    blocks = [next(building)]

    def finish_the_build(seconds):
        blocks.extend(building)

    monkeypatch.setattr(downloads.time, "sleep", finish_the_build)
    waited = b"".join(client.get("/downloads/levels.csv").streaming_content).decode("utf-8")
    assert waited == b"".join(blocks).decode("utf-8")
    assert waited.splitlines()[0] == "\ufeff" + ",".join(downloads.TABLES["levels"].columns)
    assert not old_layout.exists()  # pruned with the build


def test_every_download_of_a_version_stays_on_disk_however_many_there_are(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build()
    download_json(client)
    for kind in CSV_FILES:
        download_csv(client, kind)
        client.get(f"/downloads/excel/{kind}.csv").getvalue()
    with CaptureQueriesContext(connection) as again:
        download_json(client)
        for kind in CSV_FILES:
            download_csv(client, kind)
            client.get(f"/downloads/excel/{kind}.csv").getvalue()
    assert len(again) == 0  # none of them was built twice


def test_a_table_is_written_in_both_dialects_by_one_build(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build()
    standard = download_csv(client, "roles")
    with CaptureQueriesContext(connection) as excel_queries:
        excel = client.get("/downloads/excel/roles.csv").getvalue().decode("utf-8")
    assert len(excel_queries) == 0
    assert list(csv.DictReader(io.StringIO(excel[1:]), delimiter=";")) == standard


def test_only_the_previous_version_of_a_download_is_kept(client, db, settings):
    from editorial.cache import bump_content_version, content_version

    build()
    versions = []
    for _ in range(4):
        bump_content_version()
        versions.append(content_version())
        download_json(client)
    kept = {folder.name for folder in settings.DOWNLOADS_ROOT.glob("*-json")}
    assert kept == {f"{versions[-2]}-json", f"{versions[-1]}-json"}


def test_a_rebuild_writes_the_new_version_of_what_readers_fetched(client, db, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal import downloads

    k = build()
    download_json(client)
    download_csv(client, "roles")
    Role.objects.filter(pk=k.hidden_role.pk).update(status=Status.PUBLISHED)

    downloads.rebuild()

    with CaptureQueriesContext(connection) as after:
        assert "geheime-rol" in json.dumps(download_json(client))
        assert "geheime-rol" in [row["slug"] for row in download_csv(client, "roles")]
        excel = client.get("/downloads/excel/roles.csv").getvalue().decode("utf-8")
    assert len(after) == 0  # all three were ready
    assert "geheime-rol" in excel
    # What nobody fetched before is not built ahead of them.
    assert not list(settings.DOWNLOADS_ROOT.glob("*-csv-*-articles"))


def background_rebuild_done():
    from portal.downloads import rebuilder

    thread = rebuilder.thread  # None once it has finished
    if thread is not None:
        thread.join()


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_rebuilds_the_downloads_in_the_background(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DOWNLOADS_REBUILD = True
    k = build()
    background_rebuild_done()  # the fixtures' own: nothing had been fetched
    download_json(client)

    Role.objects.filter(pk=k.hidden_role.pk).update(status=Status.PUBLISHED)
    background_rebuild_done()

    with CaptureQueriesContext(connection) as after:
        assert "geheime-rol" in json.dumps(download_json(client))
    assert len(after) == 0


@pytest.mark.django_db(transaction=True)
def test_a_change_made_by_another_server_is_rebuilt_from_the_first_request(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.DOWNLOADS_REBUILD = True
    k = build()
    background_rebuild_done()
    download_json(client)
    # Another app server's change: the version moves, this process is not told.
    settings.DOWNLOADS_REBUILD = False
    Role.objects.filter(pk=k.hidden_role.pk).update(status=Status.PUBLISHED)
    settings.DOWNLOADS_REBUILD = True

    with CaptureQueriesContext(connection) as first:
        assert "geheime-rol" not in json.dumps(download_json(client))
    assert len(first) == 0  # the previous file at once; the build runs behind it
    background_rebuild_done()
    with CaptureQueriesContext(connection) as after:
        assert "geheime-rol" in json.dumps(download_json(client))
    assert len(after) == 0


def test_a_build_prunes_only_the_folders_downloads_write(client, db, settings):
    build()
    settings.DOWNLOADS_ROOT.mkdir(parents=True)
    foreign = settings.DOWNLOADS_ROOT / "backup-2026"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("not a download")
    download_json(client)
    assert (foreign / "keep.txt").read_text() == "not a download"
