import json
import re

import pytest
from sample_knowledge import build

from editorial.models import Status
from roles.models import AlternativeTitle, Role

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
ROLE_PAGE_QUERY_CEILING = 25


def occupation_on(client, path, django_assert_max_num_queries):
    with django_assert_max_num_queries(ROLE_PAGE_QUERY_CEILING):
        response = client.get(path)
    assert response.status_code == 200
    blocks = JSONLD.findall(response.content.decode())
    assert len(blocks) == 1, "one JSON-LD block per role page"
    return blocks[0], json.loads(blocks[0])


def test_jsonld_on_a_role_page_describes_the_occupation(client, db, django_assert_max_num_queries):
    build()

    _raw, data = occupation_on(client, "/roles/community-manager/", django_assert_max_num_queries)

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Occupation"
    assert data["name"] == "Community manager"
    assert data["url"] == "http://testserver/roles/community-manager/"
    assert data["alternateName"] == ["Community coach"]  # not the title from a draft article
    assert data["description"] == "Spin in het web van een online gemeenschap."
    # Must-haves first; drafts and facts from draft articles left out.
    assert data["skills"] == ["Communicatief", "Sociaal", "Organisatorisch sterk"]
    assert data["responsibilities"] == ["Analyseren", "Modereren"]
    assert "occupationalCategory" not in data, "no code the articles do not give"


def test_jsonld_is_on_every_published_role_page_of_the_fixtures(
    client, knowledge, django_assert_max_num_queries
):
    for role in Role.objects.public():
        _raw, data = occupation_on(client, role.get_absolute_url(), django_assert_max_num_queries)
        assert data["@type"] == "Occupation"
        assert data["name"] == role.name
        assert isinstance(data.get("alternateName", []), list)
        assert isinstance(data.get("skills", []), list)

    _raw, data = occupation_on(client, "/roles/community-manager/", django_assert_max_num_queries)
    assert "Community coach" in data["alternateName"]
    assert "Communicatief" in data["skills"]


def test_jsonld_escapes_markup_in_the_data(client, db, django_assert_max_num_queries):
    k = build()
    AlternativeTitle.objects.create(
        role=k.cm, title="</script><script>alert(1)</script> & co", source=k.cm_article
    )

    raw, data = occupation_on(client, "/roles/community-manager/", django_assert_max_num_queries)

    assert "</script><script>" not in raw
    assert "\\u003c/script\\u003e" in raw and "\\u0026 co" in raw
    assert "</script><script>alert(1)</script> & co" in data["alternateName"]


@pytest.mark.parametrize("path", ["/competencies/communicatief/", "/"])
def test_jsonld_is_only_on_role_pages(client, db, path):
    build()
    assert not JSONLD.search(client.get(path).content.decode())


def test_jsonld_role_without_titles_or_skills_leaves_them_out(
    client, db, django_assert_max_num_queries
):
    Role.objects.create(
        slug="kaal", name="Kale rol", summary="Nog weinig bekend.", status=Status.PUBLISHED
    )

    _raw, data = occupation_on(client, "/roles/kaal/", django_assert_max_num_queries)

    assert data["name"] == "Kale rol"
    assert "alternateName" not in data and "skills" not in data
