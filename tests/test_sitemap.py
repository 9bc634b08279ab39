import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from sample_knowledge import CM_ARTICLE, CONV_ARTICLE, TEAM_ARTICLE, build

# Two queries (count and page) for a page of one section.
SECTION_QUERY_CEILING = 3
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
    "/organisations/",
    "/statements/",
    "/debates/",
    "/tags/",
    "/matrix/",
    "/compare/",
    "/downloads/",
]


def sitemap_paths(client, django_assert_max_num_queries):
    """Every address in the sitemaps the index at /sitemap.xml lists."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert index["Content-Type"].startswith("application/xml")
    sections = [loc.text for loc in ET.fromstring(index.content).findall("sm:sitemap/sm:loc", NS)]
    assert sections and all(loc.startswith("http://testserver/sitemap-") for loc in sections)
    locations = []
    for section in sections:
        with django_assert_max_num_queries(SECTION_QUERY_CEILING):
            response = client.get(urlsplit(section).path + "?" + urlsplit(section).query)
        assert response.status_code == 200
        root = ET.fromstring(response.content)
        locations += [loc.text for loc in root.findall("sm:url/sm:loc", NS)]
    assert all(loc.startswith("http://testserver/") for loc in locations)
    paths = [urlsplit(loc).path for loc in locations]
    assert len(paths) == len(set(paths)), "no page listed twice"
    return set(paths)


def test_sitemap_lists_every_published_page_of_every_kind(
    client, db, django_assert_max_num_queries
):
    k = build()

    paths = sitemap_paths(client, django_assert_max_num_queries)

    entries = {
        "roles": ["community-manager", "conversation-manager"],
        "competencies": ["communicatief", "sociaal", "organisatorisch-sterk", "strategisch-denken"],
        "levels": ["operationeel", "tactisch", "strategisch"],
        "teams": ["social-media-team"],
        "companies": ["intel"],
        "articles": [CM_ARTICLE, CONV_ARTICLE, TEAM_ARTICLE],
        "people": ["mujibor-de-graaf", "steven-van-belleghem"],
        "responsibilities": [
            "analyseren",
            "modereren",
            "updates-versturen",
            "campagnes-promoten",
            "strategie-mee-bepalen",
            "content-agenda-bepalen",
            "totale-strategie-schrijven",
        ],
        "tags": ["community-management", "social-media", "functietitels"],
        "debates": ["welk-niveau-noemt-conversation-manager"],
        "organisations": ["viadesk"],
    }
    expected = set(LIST_PAGES) | {
        f"/{kind}/{slug}/" for kind, slugs in entries.items() for slug in slugs
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


def test_sitemap_sections_come_in_pages(client, db, monkeypatch):
    from portal import sitemaps

    build()
    monkeypatch.setattr(sitemaps.PublishedSitemap, "limit", 1)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    roles = [
        loc.text for loc in index.findall("sm:sitemap/sm:loc", NS) if "sitemap-role.xml" in loc.text
    ]
    assert len(roles) > 1
    assert roles[1].endswith("sitemap-role.xml?p=2")
    second = ET.fromstring(client.get("/sitemap-role.xml?p=2").content)
    assert len(second.findall("sm:url", NS)) == 1


def test_sitemap_is_served_from_the_page_cache_until_the_knowledge_changes(client, db):
    k = build()
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "miss"
    assert client.get("/sitemap.xml")["X-Page-Cache"] == "hit"
    client.get("/sitemap-role.xml")
    cached = client.get("/sitemap-role.xml")
    assert cached["X-Page-Cache"] == "hit"

    k.hidden_role.status = "published"
    k.hidden_role.save()

    fresh = client.get("/sitemap-role.xml")
    assert fresh["X-Page-Cache"] == "miss"
    assert k.hidden_role.slug in fresh.content.decode()
