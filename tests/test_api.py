import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from sample_knowledge import CM_ARTICLE, build

from editorial.models import Status
from roles.models import Competency, Responsibility, ResponsibilityGroup, Role, RoleLevel

API_QUERY_CEILING = 20

# Every kind of entry: its endpoint, one published slug, one draft slug.
KINDS = [
    ("roles", "community-manager", "geheime-rol"),
    ("competencies", "communicatief", "verborgen-competentie"),
    ("responsibilities", "analyseren", "verborgen-taak"),
    ("levels", "strategisch", None),
    ("teams", "social-media-team", "verborgen-team"),
    ("companies", "intel", "verborgen-bedrijf"),
    ("company-examples", "intel-social-media-team", "verborgen-voorbeeld"),
    ("statements", "cm-is-operationele-rol", "verborgen-uitspraak"),
    ("articles", CM_ARTICLE, "concept-artikel"),
    ("people", "mujibor-de-graaf", "verborgen-persoon"),
    ("debates", "welk-niveau-noemt-conversation-manager", "verborgen-debat"),
    ("organisations", "viadesk", "verborgen-organisatie"),
]


@pytest.fixture
def k(db):
    return build()


def get_json(client, url, django_assert_max_num_queries, ceiling=API_QUERY_CEILING):
    with django_assert_max_num_queries(ceiling):
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def facts_in(data):
    """Yield every dict in the payload that carries a `source`."""
    if isinstance(data, dict):
        if "source" in data:
            yield data
        for value in data.values():
            yield from facts_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from facts_in(item)


@pytest.mark.parametrize("kind, published, draft", KINDS)
def test_api_every_kind_lists_and_retrieves_published_only(
    client, k, django_assert_max_num_queries, kind, published, draft
):
    listing = get_json(client, f"/api/{kind}/", django_assert_max_num_queries)
    slugs = [item["slug"] for item in listing["results"]]
    assert published in slugs
    assert draft not in slugs
    assert listing["count"] == len(slugs)

    detail = get_json(client, f"/api/{kind}/{published}/", django_assert_max_num_queries)
    assert detail["slug"] == published
    assert detail["site_url"].startswith("http://testserver/")

    if draft:
        assert client.get(f"/api/{kind}/{draft}/").status_code == 404


@pytest.mark.parametrize("kind, published, draft", KINDS)
def test_api_never_leaks_a_draft_through_a_link(client, k, kind, published, draft):
    for url in (f"/api/{kind}/", f"/api/{kind}/{published}/"):
        body = client.get(url).content.decode()
        assert "verborgen" not in body.lower(), url
        assert "geheime-rol" not in body
        assert "concept-artikel" not in body
        assert "uitspraak-in-concept" not in body
        assert "antwoord-in-concept-artikel" not in body
        assert "antwoord-van-verborgen-persoon" not in body


def test_api_role_nests_its_source_on_every_fact(client, k, django_assert_max_num_queries):
    role = get_json(client, "/api/roles/community-manager/", django_assert_max_num_queries)

    assert [level["level"]["slug"] for level in role["levels"]] == [
        "operationeel",
        "tactisch",
        "strategisch",
    ]
    assert [t["title"] for t in role["alternative_titles"]] == ["Community coach"]
    assert [(c["competency"]["slug"], c["importance"]) for c in role["competencies"]] == [
        ("communicatief", "must"),
        ("sociaal", "must"),
        ("organisatorisch-sterk", "nice"),
    ]
    groups = role["responsibility_groups"]
    assert [r["slug"] for r in groups[0]["responsibilities"]] == ["analyseren", "modereren"]
    assert [t["name"] for t in role["tags"]] == ["community management"]
    assert [a["slug"] for a in role["sources"]] == [CM_ARTICLE]

    facts = list(facts_in(role))
    # levels, title, competencies, relation in, group, responsibilities, positions
    assert len(facts) >= 10
    for fact in facts:
        source = fact["source"]
        assert set(source) == {"slug", "title", "site_url"}
        assert source["site_url"] == f"http://testserver/articles/{source['slug']}/"
    said = [f["said_by"] for f in role["levels"]]
    assert said[0] == {
        "slug": "mujibor-de-graaf",
        "name": "Mujibor de Graaf",
        "site_url": "http://testserver/people/mujibor-de-graaf/",
    }


def test_api_fact_said_by_a_draft_person_shows_no_speaker(client, k):
    RoleLevel.objects.filter(role=k.conv, level=k.strategisch).update(said_by=k.hidden_person)

    role = client.get("/api/roles/conversation-manager/").json()

    strategic = [f for f in role["levels"] if f["level"]["slug"] == "strategisch"]
    assert strategic[0]["said_by"] is None


def test_api_responsibility_of_a_draft_role_is_hidden(client, k):
    group = ResponsibilityGroup.objects.create(
        slug="geheime-groep", name="Geheim", role=k.hidden_role, source=k.cm_article
    )
    Responsibility.objects.create(
        slug="taak-van-geheime-rol",
        name="Taak",
        group=group,
        source=k.cm_article,
        status="published",
    )

    assert client.get("/api/responsibilities/taak-van-geheime-rol/").status_code == 404
    slugs = [r["slug"] for r in client.get("/api/responsibilities/").json()["results"]]
    assert "taak-van-geheime-rol" not in slugs


@pytest.mark.parametrize(
    "query, expected",
    [
        ("level=tactisch", ["community-manager"]),
        ("level=strategisch", ["community-manager", "conversation-manager"]),
        ("level=bestaat-niet", []),
        ("tag=community-management", ["community-manager"]),
        ("tag=community-management&level=operationeel", ["community-manager"]),
        ("tag=onbekend", []),
    ],
)
def test_api_roles_filter_by_level_and_tag(
    client, k, django_assert_max_num_queries, query, expected
):
    data = get_json(client, f"/api/roles/?{query}", django_assert_max_num_queries)
    assert [r["slug"] for r in data["results"]] == expected


def test_api_level_filter_ignores_a_level_only_a_draft_article_gives(client, k):
    RoleLevel.objects.create(role=k.conv, level=k.tactisch, source=k.draft_article)

    data = client.get("/api/roles/?level=tactisch").json()

    assert [r["slug"] for r in data["results"]] == ["community-manager"]


@pytest.mark.parametrize("endpoint", ["statements", "company-examples", "competencies"])
def test_api_filter_naming_a_draft_role_answers_as_an_unknown_role(client, k, endpoint):
    # The draft role is linked to a published statement and company example.
    draft = client.get(f"/api/{endpoint}/?role=geheime-rol")
    unknown = client.get(f"/api/{endpoint}/?role=bestaat-niet")

    assert draft.status_code == unknown.status_code == 200
    assert draft.json() == unknown.json()
    assert draft.json()["results"] == []


def test_api_responsibilities_filter_by_level(client, k, django_assert_max_num_queries):
    data = get_json(
        client, "/api/responsibilities/?level=strategisch", django_assert_max_num_queries
    )
    assert sorted(r["slug"] for r in data["results"]) == [
        "content-agenda-bepalen",
        "strategie-mee-bepalen",
        "totale-strategie-schrijven",
    ]


def test_api_statements_filter_on_comment_positions(client, k):
    data = client.get("/api/statements/?in_comment=true").json()
    assert [s["slug"] for s in data["results"]] == ["cm-is-operationele-rol"]
    assert client.get("/api/statements/?kind=nonsense").status_code == 400


def test_api_status_is_not_a_filter(client, k):
    data = client.get("/api/roles/?status=draft").json()
    assert [r["slug"] for r in data["results"]] == ["community-manager", "conversation-manager"]


def test_api_paginates_by_fifty(client, k, django_assert_max_num_queries):
    Competency.objects.bulk_create(
        Competency(
            slug=f"extra-{i:02d}", name=f"Extra {i:02d}", summary="-", status=Status.PUBLISHED
        )
        for i in range(60)
    )

    first = get_json(client, "/api/competencies/", django_assert_max_num_queries)
    second = get_json(client, first["next"], django_assert_max_num_queries)

    assert first["count"] == 64
    assert len(first["results"]) == 50
    assert len(second["results"]) == 14
    assert second["next"] is None
    assert client.get("/api/competencies/?page=9").status_code == 404


def test_api_query_count_does_not_grow_with_the_data(client, k):
    def count_queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/api/roles/")
        return len(captured)

    before = count_queries()
    for i in range(15):
        role = Role.objects.create(
            slug=f"rol-{i}", name=f"Rol {i}", summary="-", status=Status.PUBLISHED
        )
        RoleLevel.objects.create(role=role, level=k.tactisch, source=k.cm_article)
        role.tags.add(f"tag {i}")
    after = count_queries()

    assert after == before


def test_api_root_lists_every_endpoint(client, db):
    root = client.get("/api/").json()
    assert set(root) == {kind for kind, _, _ in KINDS}


def test_api_schema_is_served_at_a_stable_url(client, db):
    response = client.get("/api/schema/?format=json")

    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert "/api/roles/{slug}/" in schema["paths"]
    role_list = schema["paths"]["/api/roles/"]["get"]
    assert {p["name"] for p in role_list["parameters"]} == {"level", "tag", "page"}


def test_api_schema_generates_without_warnings(tmp_path):
    # --fail-on-warn turns every drf-spectacular warning into an error.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )
    assert "/api/roles/{slug}/" in (tmp_path / "schema.yaml").read_text()


@pytest.mark.parametrize(
    "url",
    [
        "/api/roles/?page=",
        "/api/roles/?page=last",
        "/api/roles/?page=1.5",
        "/api/roles/?page=0",
        "/api/roles/no%20slug/",
        "/api/roles/a%0Ab/",
        "/api/nothing-here/",
    ],
)
def test_api_unknown_page_or_path_is_a_json_404(client, k, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


@pytest.mark.parametrize(
    "query",
    ["level=tactisch&level=strategisch", "page=1&page=1", "kind=", "in_comment=ja"],
)
def test_api_ambiguous_filters_are_a_400_not_ignored(client, k, query):
    endpoint = "statements" if "kind" in query or "in_comment" in query else "roles"

    response = client.get(f"/api/{endpoint}/?{query}")

    assert response.status_code == 400
    assert response.json()


def test_api_text_that_cannot_be_a_slug_matches_nothing(client, k):
    for query in ("tag=a%20b", "level=%C3%A9%2F", "tag=%F0%9F%99%82"):
        assert client.get(f"/api/roles/?{query}").json()["results"] == [], query


def test_api_tag_filter_takes_accented_tag_slugs(client, k):
    k.conv.tags.add("carrière")

    data = client.get("/api/roles/?tag=carri%C3%A8re").json()

    assert [r["slug"] for r in data["results"]] == ["conversation-manager"]


def test_api_gives_each_competency_its_grade_as_the_article_states_it(
    client, knowledge, django_assert_max_num_queries
):
    role = get_json(client, "/api/roles/community-manager/", django_assert_max_num_queries)
    grades = {
        (c["competency"]["slug"], c["source"]["slug"]): (c["importance"], c["importance_reason"])
        for c in role["competencies"]
    }
    importance, reason = grades[("delegeren", "de-community-manager-wordt-volwassen")]
    assert importance == "named" and "alleen maar delegeert" in reason
    importance, reason = grades[("proactief", "de-community-manager-wordt-volwassen")]
    assert importance == "must" and "must have kerncompetenties" in reason
    importance, _reason = grades[("proactief", "van-community-manager-naar-community-coach")]
    assert importance == "named"
