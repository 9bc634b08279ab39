"""Organisations: a page per organisation with its people, linked from theirs."""

import pytest
from django.urls import reverse
from factories import AffiliationFactory, ArticleFactory, OrganisationFactory, PersonFactory

from editorial.models import Status

pytestmark = pytest.mark.django_db


def test_organisation_page_lists_its_people_with_function_and_source(client, knowledge):
    page = client.get(reverse("organisations:detail", args=["viadesk"])).content.decode()

    assert "Viadesk" in page
    assert reverse("people:detail", args=["mujibor-de-graaf"]) in page
    assert "commercieel directeur" in page
    assert reverse("articles:detail", args=["de-community-manager-wordt-volwassen"]) in page


def test_person_page_links_the_organisation(client, knowledge):
    page = client.get(reverse("people:detail", args=["kirsten-wagenaar"])).content.decode()

    assert reverse("organisations:detail", args=["community-managers-nederland"]) in page


def test_organisation_list_shows_the_named_organisations(client, knowledge):
    page = client.get(reverse("organisations:list")).content.decode()

    for slug in ("altimeter", "i-scoop", "community-managers-nederland"):
        assert reverse("organisations:detail", args=[slug]) in page


def test_drafts_stay_off_the_organisation_pages(client, uncached_pages):
    article = ArticleFactory(title="Een artikel")
    shown = OrganisationFactory(name="Zichtbaar bureau", sources=[article])
    hidden_person = PersonFactory(name="Verborgen Persoon", status=Status.DRAFT)
    AffiliationFactory(person=hidden_person, organisation=shown, source=article)
    draft_article = ArticleFactory(title="Concept", status=Status.DRAFT)
    AffiliationFactory(
        person=PersonFactory(name="Uit Concept"), organisation=shown, source=draft_article
    )
    OrganisationFactory(name="Concept bureau", status=Status.DRAFT, sources=[article])

    detail = client.get(shown.get_absolute_url()).content.decode()
    listing = client.get(reverse("organisations:list")).content.decode()

    assert "Verborgen Persoon" not in detail and "Uit Concept" not in detail
    assert "Zichtbaar bureau" in listing and "Concept bureau" not in listing
    assert client.get(reverse("organisations:detail", args=["concept-bureau"])).status_code == 404


def test_article_page_names_its_organisations(client, knowledge):
    url = reverse("articles:detail", args=["de-community-manager-wordt-volwassen"])
    page = client.get(url).content.decode()

    assert reverse("organisations:detail", args=["viadesk"]) in page
    assert reverse("organisations:detail", args=["altimeter"]) not in page
