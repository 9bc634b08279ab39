import csv
import io
import json

import pytest
from django.core.management import call_command
from sample_knowledge import build
from taggit.models import Tag, TaggedItem

from articles.models import Article, Person, Status
from roles.downloads import CSV_KINDS
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


def download_json(client):
    response = client.get("/downloads/rolwijzer.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert 'filename="rolwijzer.json"' in response["Content-Disposition"]
    return json.loads(response.content)


def write_files(bundle, directory):
    for name, data in bundle["files"].items():
        (directory / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def empty_database():
    """Delete the knowledge base, facts before what they point to."""
    # Not `flush`: it recreates content types under new ids, which Django's
    # in-process content type cache would then no longer match.
    for model in (
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
    text = response.content.decode("utf-8")
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
    for kind in CSV_KINDS:
        assert f'href="/downloads/{kind}.csv"' in html
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
    published_roles = set(Role.objects.published().values_list("slug", flat=True))

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

    assert set(Role.objects.values_list("slug", flat=True)) == published_roles
    assert not Article.objects.filter(slug="concept-artikel").exists()
    assert not TeamStructure.objects.filter(slug="verborgen-team").exists()
    assert not Company.objects.filter(slug="verborgen-bedrijf").exists()
    assert Role.objects.get(slug="community-manager").role_competencies.count() == 3


def test_csv_has_one_row_per_published_entry_of_each_kind(client, db):
    build()
    for kind in CSV_KINDS:
        rows = download_csv(client, kind)
        api_slugs = [e["slug"] for e in client.get(f"/api/{kind}/").json()["results"]]
        assert [row["slug"] for row in rows] == api_slugs, kind
        assert all(row["site_url"].startswith("http://testserver/") for row in rows)


def test_csv_joins_linked_slugs_with_semicolons(client, db):
    build()

    roles = {row["slug"]: row for row in download_csv(client, "roles")}
    statements = {row["slug"]: row for row in download_csv(client, "statements")}

    cm = roles["community-manager"]
    assert cm["levels"] == "operationeel;tactisch;strategisch"
    assert cm["competencies_must"] == "communicatief;sociaal"
    assert cm["competencies_nice"] == "organisatorisch-sterk"
    assert cm["alternative_titles"] == "Community coach"
    assert cm["tags"] == "community management"
    assert cm["sources"] == "de-community-manager-wordt-volwassen"
    assert roles["conversation-manager"]["related_roles"] == "contrasted_with:community-manager"
    assert statements["cm-is-operationele-rol"]["roles"] == "community-manager;conversation-manager"
    assert statements["cm-is-operationele-rol"]["in_comment"] == "true"


@pytest.mark.parametrize("kind", sorted(CSV_KINDS))
def test_csv_of_an_empty_knowledge_base_still_has_its_header(client, db, kind):
    rows = client.get(f"/downloads/{kind}.csv").content.decode("utf-8-sig").splitlines()
    assert rows[0].startswith("slug,")
    assert rows[0].endswith(",site_url")
    assert len(rows) == 1


def test_csv_cell_that_looks_like_a_formula_stays_text(client, db):
    Competency.objects.create(
        slug="formule", name="=HYPERLINK(1)", summary="-", status=Status.PUBLISHED
    )

    rows = download_csv(client, "competencies")

    assert rows[0]["name"] == "'=HYPERLINK(1)"


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
