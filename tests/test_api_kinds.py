"""
Every kind with pages is in the API, and a kind without a viewset of its own
is served from its declaration alone, with the same rule for what a reader
may see: public rows, public links, public sources.
"""

import pytest
from factories import LevelFactory, PersonFactory
from rest_framework.test import APIRequestFactory
from sample_knowledge import build

from editorial.kinds import KINDS, all_kinds
from roles.api_kinds import made_viewset, prefix
from roles.models import Responsibility, Role

pytestmark = pytest.mark.django_db


def listed(model, **params):
    """The list a viewset made from `model`'s declaration answers, all of one page."""
    view = made_viewset(KINDS[model]).as_view({"get": "list"})
    response = view(APIRequestFactory().get("/api/made/", params))
    assert response.status_code == 200, response.data
    return {row["slug"]: row for row in response.data["results"]}


def test_every_kind_with_pages_lists_its_public_entries(client):
    build()
    for kind in all_kinds():
        if kind.page:
            response = client.get(f"/api/{prefix(kind)}/")
            assert response.status_code == 200, prefix(kind)
            slugs = {row["slug"] for row in response.json()["results"]}
            assert slugs == set(kind.model.objects.public().values_list("slug", flat=True))


def test_a_made_viewset_shows_the_declared_keys_and_public_sources_only():
    k = build()
    roles = listed(Role)
    assert set(roles) == set(Role.objects.public().values_list("slug", flat=True))
    assert k.hidden_role.slug not in roles
    cm = roles[k.cm.slug]
    assert list(cm) == [*KINDS[Role].fixture.keys[:-1], "sources", "site_url"]
    assert [tag["name"] for tag in cm["tags"]] == ["community management"]
    assert [source["slug"] for source in cm["sources"]] == [k.cm_article.slug]
    assert cm["site_url"].endswith(k.cm.get_absolute_url())


def test_a_made_viewset_shows_a_link_to_an_entry_that_is_not_public_as_null():
    k = build()
    k.modereren.level = LevelFactory(name="Verborgen niveau", draft=True)
    k.modereren.said_by = PersonFactory(name="Verborgen spreker", draft=True)
    k.modereren.save()
    tasks = listed(Responsibility)
    assert k.hidden_responsibility.slug not in tasks
    assert tasks[k.modereren.slug]["level"] is None
    assert tasks[k.modereren.slug]["said_by"] is None
    strategie = tasks[k.strategie.slug]["level"]
    assert strategie == {
        "slug": k.strategisch.slug,
        "name": k.strategisch.name,
        "site_url": "http://testserver" + k.strategisch.get_absolute_url(),
    }
