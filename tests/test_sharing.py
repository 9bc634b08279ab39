"""
What a reader takes away from an entry page, and what an editor finds on it:
link previews (Open Graph, Twitter) and one permanent address on every entry
page; the role profile as a Word file and a PDF; a "Bewerk" link to the admin
for editors, which never reaches a page served to anonymous readers.
"""

import re
from io import BytesIO

import pytest
from django.core.cache import cache
from django.urls import reverse

from articles.models import Article, Person
from roles.models import Company, Competency, Level, Responsibility, Role, TeamStructure

ENTRY_KINDS = (Role, Competency, Responsibility, Level, TeamStructure, Company, Article, Person)
LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def meta(html, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return found and found.group(1)


@pytest.mark.parametrize("model", ENTRY_KINDS, ids=lambda m: m.__name__)
def test_every_entry_page_has_link_previews_and_one_address(client, knowledge, model):
    entry = model.objects.public().order_by("pk").first()
    html = client.get(entry.get_absolute_url()).content.decode()
    address = f"http://testserver{entry.get_absolute_url()}"

    assert f'<link rel="canonical" href="{address}">' in html
    assert meta(html, "property", "og:url") == address
    assert meta(html, "property", "og:title") == str(entry).replace("'", "&#x27;")
    assert meta(html, "property", "og:site_name") == "Rolwijzer"
    assert meta(html, "name", "twitter:card") == "summary"
    assert meta(html, "name", "twitter:title") == meta(html, "property", "og:title")
    description = meta(html, "property", "og:description")
    assert description and len(description) <= 200
    assert meta(html, "name", "twitter:description") == description


def test_a_responsibility_without_a_description_is_previewed_by_its_group(client, knowledge):
    task = Responsibility.objects.public().get(slug="community-manager-analyseren")
    assert not task.description
    html = client.get(task.get_absolute_url()).content.decode()
    description = meta(html, "property", "og:description")
    assert description.startswith("Werkzaamheden van de community manager. ")
    assert meta(html, "name", "twitter:description") == description


def test_lists_have_no_link_previews_of_an_entry(client, knowledge):
    html = client.get(reverse("roles:list")).content.decode()
    assert "og:title" not in html and 'rel="canonical"' not in html


def test_role_page_offers_print_downloads_and_its_permanent_link(client, knowledge):
    html = client.get("/roles/community-manager/").content.decode()
    assert 'href="/roles/community-manager/profiel.docx"' in html
    assert 'href="/roles/community-manager/profiel.pdf"' in html
    assert 'data-print-label="Print dit profiel"' in html
    assert re.search(
        r'id="permalink" value="http://testserver/roles/community-manager/" readonly', html
    )
    assert "js/share.js" in html


def test_role_profile_as_a_word_file(client, knowledge, django_assert_max_num_queries):
    from docx import Document

    with django_assert_max_num_queries(20):
        response = client.get("/roles/community-manager/profiel.docx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="rolprofiel-community-manager.docx"'
    )
    word = Document(BytesIO(response.content))
    styles = [(p.style.name, p.text) for p in word.paragraphs]
    assert styles[0] == ("Title", "Community manager")
    headings = [text for style, text in styles if style == "Heading 1"]
    assert headings[:3] == ["Ook bekend als", "Niveaus", "Verantwoordelijkheden"]
    assert "Competenties" in headings and headings[-1] == "Bronnen"
    competency = next(p for p in word.paragraphs if p.text.startswith("Communicatief (must-have)"))
    assert competency.style.name == "List Bullet" and competency.runs[0].bold
    assert "Bron: De community manager wordt volwassen" in competency.text
    assert word.core_properties.language == "nl-NL"
    assert "http://testserver/roles/community-manager/" in styles[-1][1]


def test_role_profile_as_a_pdf(client, knowledge):
    response = client.get("/roles/community-manager/profiel.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")


def test_role_profile_of_a_draft_or_unknown_role_is_404(client, knowledge):
    Role.objects.filter(slug="community-coach").update(status="draft")
    for url in ("/roles/community-coach/profiel.docx", "/roles/bestaat-niet/profiel.pdf"):
        assert client.get(url).status_code == 404


@pytest.fixture
def editor(django_user_model):
    from django.contrib.auth.models import Group

    # The group exists after every migrate, the test database's too.
    user = django_user_model.objects.create_user("redacteur", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Redactie"))
    return user


def test_editor_finds_a_bewerk_link_to_the_entrys_admin_page(client, knowledge, editor):
    client.force_login(editor)
    for model in ENTRY_KINDS:
        entry = model.objects.public().order_by("pk").first()
        html = client.get(entry.get_absolute_url()).content.decode()
        admin = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[entry.pk]
        )
        assert f'<p class="edit-link no-print"><a href="{admin}">Bewerk' in html, model


def test_staff_without_the_right_to_change_get_no_bewerk_link(client, knowledge, django_user_model):
    viewer = django_user_model.objects.create_user("kijker", password="x", is_staff=True)
    client.force_login(viewer)
    assert "edit-link" not in client.get("/roles/community-manager/").content.decode()


def test_bewerk_link_never_reaches_a_cached_page_for_anonymous_readers(
    client, knowledge, editor, settings
):
    settings.CACHES = LOCAL_CACHE
    cache.clear()
    url = "/roles/community-manager/"

    # The editor first: the page with the link is not stored.
    client.force_login(editor)
    response = client.get(url)
    assert "edit-link" in response.content.decode()
    assert "X-Page-Cache" not in response

    # Then a reader: rendered without the link, stored, and served without it.
    client.logout()
    client.cookies.clear()
    first = client.get(url)
    assert first["X-Page-Cache"] == "miss" and "edit-link" not in first.content.decode()
    second = client.get(url)
    assert second["X-Page-Cache"] == "hit" and "edit-link" not in second.content.decode()

    # The editor again is not served the readers' cached page.
    client.force_login(editor)
    again = client.get(url)
    assert "X-Page-Cache" not in again and "edit-link" in again.content.decode()
