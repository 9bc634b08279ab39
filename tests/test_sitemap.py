import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from django.urls import reverse
from sample_knowledge import build

from articles.models import Article, Person
from roles.models import Company, Competency, Level, Responsibility, Role, TeamStructure

# Two queries (count and page) for each of the ten sections.
SITEMAP_QUERY_CEILING = 22
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}

LIST_PAGES = [
    "/",
    "/roles/",
    "/competencies/",
    "/responsibilities/",
    "/levels/",
    "/teams/",
    "/companies/",
    "/articles/",
    "/people/",
    "/statements/",
    "/tags/",
    "/matrix/",
    "/compare/",
    "/downloads/",
]


def sitemap_paths(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(SITEMAP_QUERY_CEILING):
        response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    locations = [loc.text for loc in root.findall("sm:url/sm:loc", NS)]
    assert all(loc.startswith("http://testserver/") for loc in locations)
    paths = [urlsplit(loc).path for loc in locations]
    assert len(paths) == len(set(paths)), "no page listed twice"
    return set(paths)


def test_sitemap_lists_every_published_page_of_every_kind(
    client, db, django_assert_max_num_queries
):
    k = build()

    paths = sitemap_paths(client, django_assert_max_num_queries)

    expected = set(LIST_PAGES)
    for model in (Role, Competency, Level, TeamStructure, Company, Article, Person):
        expected |= {entry.get_absolute_url() for entry in model.objects.published()}
    expected |= {r.get_absolute_url() for r in Responsibility.objects.public()}
    expected |= {
        reverse("tags:detail", args=[slug])
        for slug in ("community-management", "social-media", "functietitels")
    }
    assert paths == expected
    assert k.cm.get_absolute_url() in paths
    assert "/responsibilities/analyseren/" in paths


def test_sitemap_leaves_out_drafts(client, db, django_assert_max_num_queries):
    k = build()

    paths = sitemap_paths(client, django_assert_max_num_queries)

    drafts = [
        k.hidden_role,
        k.hidden_competency,
        k.hidden_team,
        k.hidden_company,
        k.draft_article,
        k.hidden_person,
        k.hidden_responsibility,
    ]
    for draft in drafts:
        assert draft.get_absolute_url() not in paths, draft


def test_sitemap_pages_of_the_fixtures_all_open(client, knowledge, django_assert_max_num_queries):
    paths = sitemap_paths(client, django_assert_max_num_queries)

    assert "/roles/conversation-manager/" in paths
    assert len(paths) > 150
    for path in sorted(paths):
        assert client.get(path).status_code == 200, path


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_the_admin(client, db):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
