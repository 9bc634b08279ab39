"""
The admin as editors, readers and strangers meet it: who reaches which page,
what the editors' group may do, lists without N+1, search, filters, and the
errors the admin shows instead of letting the database fail.
"""

import re

import pytest
import reversion
from admin_helpers import build_knowledge, form_data, make_user, messages_of
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from articles.models import Article
from editorial.admin_base import HistoryAdmin
from editorial.models import Status
from roles.models import (
    Competency,
    Level,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    RoleSource,
    TeamPosition,
)

pytestmark = pytest.mark.django_db

KNOWLEDGE_APPS = {"articles", "roles", "taggit", "debates"}


@pytest.fixture
def k():
    # Saved in one revision, as a load would: every row has a version.
    with reversion.create_revision():
        return build_knowledge()


@pytest.fixture
def editor(client):
    user = make_user("redacteur", editor=True)
    client.force_login(user)
    return user


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def registered_models():
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def every_admin_url():
    """(model, url) for the list, add, change, delete and history page of every model."""
    urls = []
    for model in registered_models():
        if model._meta.app_label == "axes":
            continue  # django-axes' own lockout pages: tests/test_login_lockout.py
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {model.__name__} to open"
        urls.append((model, admin_url(model, "changelist")))
        urls.append((model, admin_url(model, "add")))
        for view in ("change", "delete", "history"):
            urls.append((model, admin_url(model, view, obj.pk)))
        if isinstance(admin.site.get_model_admin(model), HistoryAdmin):
            urls.append((model, admin_url(model, "recoverlist")))
            version = Version.objects.get_for_object(obj).first()
            urls.append((model, admin_url(model, "revision", obj.pk, version.pk)))
            compare = admin_url(model, "compare", obj.pk)
            urls.append((model, f"{compare}?old={version.pk}&new={version.pk}"))
    return urls


def test_every_admin_page_sends_strangers_to_the_login(client, k):
    make_user("lezer")  # a logged-in reader is tested below
    for _model, url in every_admin_url():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_every_admin_page_sends_logged_in_non_staff_to_the_login(client, k):
    client.force_login(make_user("lezer"))
    for _model, url in every_admin_url():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/"), url


def test_editor_reaches_every_knowledge_page_but_not_users_or_groups(client, editor, k):
    reached, refused = set(), set()
    for model, url in every_admin_url():
        response = client.get(url)
        if model._meta.app_label in KNOWLEDGE_APPS:
            assert response.status_code == 200, url
            reached.add(model._meta.label)
        else:
            assert response.status_code == 403, url
            refused.add(model._meta.label)
    assert refused == {"auth.User", "auth.Group"}
    assert {"roles.Role", "articles.Article", "taggit.Tag", "roles.RoleCompetency"} <= reached
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/auth/" not in index


def test_editor_pages_have_no_inline_script_or_style(client, editor, k):
    # The Content-Security-Policy allows scripts and styles from files only.
    pages = [reverse("admin:index")] + [
        url for model, url in every_admin_url() if model._meta.app_label == "roles"
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert "<style" not in html, url
        assert " style=" not in html, url


def test_redactie_has_exactly_the_editor_permissions():
    group = Group.objects.get(name="Redactie")
    perms = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
    apps = {perm.split(".")[0] for perm in perms}
    assert apps == {"articles", "roles", "debates", "taggit", "reversion"}
    for model in ("role", "rolecompetency", "rolesource", "statement", "responsibility"):
        for action in ("view", "add", "change", "delete"):
            assert f"roles.{action}_{model}" in perms
    assert {"taggit.add_tag", "taggit.delete_tag", "articles.change_article"} <= perms
    assert {p for p in perms if p.startswith("reversion.")} == {
        "reversion.view_revision",
        "reversion.view_version",
    }
    assert "taggit.add_taggeditem" not in perms
    for model in ("organisation", "organisationsource", "affiliation"):
        assert f"articles.change_{model}" in perms
    assert len(perms) == 4 * 27 + 2


def test_setup_redactie_is_safe_to_run_twice_and_restores_the_permissions():
    group = Group.objects.get(name="Redactie")
    expected = set(group.permissions.values_list("pk", flat=True))
    group.permissions.add(Permission.objects.get(codename="add_user"))
    group.permissions.remove(Permission.objects.get(codename="change_role"))
    call_command("setup_redactie", verbosity=0)
    call_command("setup_redactie", verbosity=0)
    assert Group.objects.filter(name="Redactie").count() == 1
    assert set(group.permissions.values_list("pk", flat=True)) == expected


def test_new_role_is_a_draft():
    role = Role.objects.create(name="Moderator", slug="moderator", summary="Modereert.")
    assert role.status == Status.DRAFT


# Lists.


def role_list_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(admin_url(Role, "changelist"))
    assert response.status_code == 200
    return len(queries), response


def add_roles(k, n, start):
    for i in range(start, start + n):
        role = Role.objects.create(name=f"Rol {i}", slug=f"rol-{i}", summary="Een rol.")
        role.tags.add(f"tag {i}")
        RoleSource.objects.create(role=role, article=k.article)
        RoleLevel.objects.create(role=role, level=k.tactisch, source=k.article)


def test_role_list_does_not_grow_in_queries_with_the_number_of_roles(client, editor, k):
    add_roles(k, 3, 0)
    few, _response = role_list_queries(client)
    add_roles(k, 20, 3)
    many, response = role_list_queries(client)
    assert many == few
    html = response.content.decode()
    row = re.search(r"<tr>.*?Community manager.*?</tr>", html, re.S).group(0)
    assert "Tactisch" in row
    assert "community management" in row


def add_more(k, start):
    """More of several kinds of entries and facts, all with tags, authors and sources."""
    add_roles(k, 5, start)
    for i in range(start, start + 5):
        competency = Competency.objects.create(name=f"C {i}", slug=f"c-{i}", summary="C.")
        competency.tags.add(f"tag {i}")
        competency.competencysource_set.create(article=k.article)
        RoleCompetency.objects.create(role=k.role, competency=competency, source=k.article)
        article = Article.objects.create(title=f"A {i}", slug=f"a-{i}", summary="A.")
        article.authors.add(k.kirsten)
        article.tags.add(f"tag {i}")


def test_every_list_does_not_grow_in_queries(client, editor, k):
    add_more(k, 0)
    counts = {}
    for model in registered_models():
        if model._meta.app_label == "axes":
            continue
        with CaptureQueriesContext(connection) as queries:
            client.get(admin_url(model, "changelist"))
        counts[model] = len(queries)
    add_more(k, 100)
    for model, before in counts.items():
        with CaptureQueriesContext(connection) as queries:
            client.get(admin_url(model, "changelist"))
        assert len(queries) == before, model


def test_role_search_finds_names_and_alternative_titles(client, editor, k):
    changelist = admin_url(Role, "changelist")
    by_title = client.get(changelist, {"q": "coach"})
    assert [r.name for r in by_title.context["cl"].result_list] == ["Community manager"]
    by_name = client.get(changelist, {"q": "evangelist"})
    assert [r.name for r in by_name.context["cl"].result_list] == ["Social media evangelist"]
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "coach",
            "app_label": "roles",
            "model_name": "rolerelation",
            "field_name": "to_role",
        },
    )
    assert autocomplete.status_code == 200
    assert [r["text"] for r in autocomplete.json()["results"]] == ["Community manager"]


def test_role_list_filters(client, editor, k):
    moderator = Role.objects.create(name="Moderator", slug="moderator", summary="Modereert.")
    operationeel = Level.objects.create(name="Operationeel", slug="operationeel", order=1)
    RoleLevel.objects.create(role=moderator, level=operationeel, source=k.article)
    RoleSource.objects.create(role=moderator, article=k.uncited)
    Role.objects.create(name="Woordvoerder", slug="woordvoerder", summary="Spreekt.")
    changelist = admin_url(Role, "changelist")

    def names(**params):
        response = client.get(changelist, params)
        assert response.status_code == 200
        return sorted(r.name for r in response.context["cl"].result_list)

    assert names(status__exact="draft") == ["Moderator", "Woordvoerder"]
    assert names(role_levels__level__id__exact=k.tactisch.pk) == ["Community manager"]
    assert names(role_levels__level__id__exact=operationeel.pk) == ["Moderator"]
    assert names(tag="community-management") == ["Community manager"]
    assert names(sources__id__exact=k.article.pk) == [
        "Community manager",
        "Social media evangelist",
    ]
    assert names(sources__id__exact=k.uncited.pk) == ["Moderator"]
    assert names(bronnen="geen") == ["Woordvoerder"]
    assert names(bronnen="ja") == ["Community manager", "Moderator", "Social media evangelist"]
    assert names(competenties="geen") == ["Moderator", "Social media evangelist", "Woordvoerder"]


def test_change_page_links_to_the_entry_on_the_site(client, editor, k):
    html = client.get(admin_url(Role, "change", k.role.pk)).content.decode()
    assert 'class="viewsitelink"' in html
    shortcut = re.search(r'href="([^"]+)" class="viewsitelink"', html).group(1)
    assert client.get(shortcut)["Location"].endswith(k.role.get_absolute_url())


# Errors instead of database failures.


def post_change(client, obj, **changes):
    url = admin_url(type(obj), "change", obj.pk)
    data = form_data(client.get(url))
    data.update(
        {key: value if isinstance(value, list) else [value] for key, value in changes.items()}
    )
    data["_save"] = ["Opslaan"]
    return client.post(url, data)


def inline_errors(response):
    errors = []
    for formset in response.context["inline_admin_formsets"]:
        errors.extend(str(error) for error in formset.formset.non_form_errors())
        for form_errors in formset.formset.errors:
            for field_errors in form_errors.values():
                errors.extend(str(error) for error in field_errors)
    return errors


def test_fact_without_source_is_refused_with_a_clear_message(client, editor, k):
    response = post_change(
        client,
        k.role,
        **{
            "role_competencies-TOTAL_FORMS": "2",
            "role_competencies-1-competency": str(k.analytisch.pk),
            "role_competencies-1-importance": "must",
            "role_competencies-1-order": "2",
        },
    )
    assert response.status_code == 200
    assert inline_errors(response) == [
        "Een feit zonder bron kan niet: kies het artikel waar dit uit komt. "
        "Staat het niet in een van de artikelen, voeg het dan niet toe."
    ]
    assert k.role.role_competencies.count() == 1


def test_fact_admin_refuses_a_fact_without_source(client, editor, k):
    url = admin_url(RoleCompetency, "add")
    data = form_data(client.get(url))
    data.update({"role": [str(k.role.pk)], "competency": [str(k.analytisch.pk)], "order": ["1"]})
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Een feit zonder bron kan niet" in str(
        response.context["adminform"].form.errors["source"]
    )


def test_publishing_without_a_source_is_refused_on_the_form(client, editor, k):
    response = post_change(
        client, k.role, **{"rolesource_set-0-DELETE": "on", "status": "published"}
    )
    assert response.status_code == 200
    assert inline_errors(response) == [
        "Publiceren kan pas als er minstens één bron is. Voeg hieronder een bron toe, "
        "of sla het op als concept."
    ]
    assert k.role.rolesource_set.count() == 1
    # As a draft it may lose its last source.
    response = post_change(client, k.role, **{"rolesource_set-0-DELETE": "on", "status": "draft"})
    assert response.status_code == 302
    assert k.role.rolesource_set.count() == 0


def test_publish_action_refuses_entries_without_a_source(client, editor, k):
    sourced = Competency.objects.create(name="Empathisch", slug="empathisch", summary="Voelt mee.")
    sourced.competencysource_set.create(article=k.article)
    unsourced = Competency.objects.create(name="Geduldig", slug="geduldig", summary="Wacht.")
    response = client.post(
        admin_url(Competency, "changelist"),
        {"action": "publish", "_selected_action": [sourced.pk, unsourced.pk]},
        follow=True,
    )
    assert messages_of(response) == [
        "1 competentie gepubliceerd.",
        "Niet gepubliceerd, want zonder bron: Geduldig. Voeg eerst minstens één bron toe.",
    ]
    sourced.refresh_from_db()
    unsourced.refresh_from_db()
    assert sourced.status == Status.PUBLISHED
    assert unsourced.status == Status.DRAFT
    [version] = Version.objects.get_for_object(sourced)
    assert version.revision.user == editor
    assert version.revision.comment == "Gepubliceerd."
    assert not Version.objects.get_for_object(unsourced).exists()


def test_unpublish_action_counts_and_records(client, editor, k):
    response = client.post(
        admin_url(Role, "changelist"),
        {"action": "unpublish", "_selected_action": [k.role.pk, k.evangelist.pk]},
        follow=True,
    )
    assert messages_of(response) == ["2 rollen teruggezet naar concept."]
    assert set(Role.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert Version.objects.get_for_object(k.role).first().revision.comment == (
        "Teruggezet naar concept."
    )


def test_duplicate_slug_is_a_field_error(client, editor, k):
    url = admin_url(Role, "add")
    data = form_data(client.get(url))
    data.update({"name": ["Community manager"], "slug": ["community-manager"], "summary": ["X"]})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "Er bestaat al een Rol met eenzelfde Slug."
    ]


def test_duplicate_link_in_an_inline_is_an_error(client, editor, k):
    response = post_change(
        client,
        k.role,
        **{
            "role_competencies-TOTAL_FORMS": "2",
            "role_competencies-1-competency": str(k.communicatief.pk),
            "role_competencies-1-importance": "nice",
            "role_competencies-1-order": "2",
            "role_competencies-1-source": str(k.article.pk),
        },
    )
    assert response.status_code == 200
    errors = " ".join(inline_errors(response))
    assert "dubbele gegevens" in errors
    assert RoleCompetency.objects.filter(role=k.role).count() == 1


def test_relation_to_itself_is_an_error(client, editor, k):
    response = post_change(
        client,
        k.role,
        **{
            "relations_out-TOTAL_FORMS": "1",
            "relations_out-0-kind": "works_closely_with",
            "relations_out-0-to_role": str(k.role.pk),
            "relations_out-0-source": str(k.article.pk),
        },
    )
    assert response.status_code == 200
    assert "Een rol kan geen relatie met zichzelf hebben." in inline_errors(response)
    assert not RoleRelation.objects.filter(from_role=k.role).exists()


def test_team_lead_outside_the_team_is_an_error(client, editor, k):
    response = post_change(
        client,
        k.team,
        **{"positions-0-is_lead": "on", "positions-0-placement": "outside"},
    )
    assert response.status_code == 200
    assert "Wie het team leidt, hoort in het team." in inline_errors(response)
    assert not TeamPosition.objects.filter(is_lead=True).exists()


def test_deleting_a_cited_article_is_refused(client, editor, k):
    url = admin_url(Article, "delete", k.article.pk)
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["protected"]
    assert "kan niet worden verwijderd" in page.content.decode()
    refused = client.post(url, {"post": "yes"})
    assert refused.status_code == 200
    assert refused.context["protected"]
    assert Article.objects.filter(pk=k.article.pk).exists()

    response = client.post(
        admin_url(Article, "changelist"),
        {"action": "delete_selected", "_selected_action": [k.article.pk], "post": "yes"},
    )
    assert response.status_code == 200
    assert response.context["protected"]
    assert Article.objects.filter(pk=k.article.pk).exists()

    # An article nothing cites can go.
    assert (
        client.post(admin_url(Article, "delete", k.uncited.pk), {"post": "yes"}).status_code == 302
    )
    assert not Article.objects.filter(pk=k.uncited.pk).exists()


# The index.


def test_index_shows_what_needs_attention(client, editor, k, django_assert_max_num_queries):
    Role.objects.create(name="Moderator", slug="moderator", summary="Modereert.")
    Competency.objects.create(name="Geduldig", slug="geduldig", summary="Wacht.")
    with django_assert_max_num_queries(40):
        response = client.get(reverse("admin:index"))
    attention = response.context["attention"]
    drafts = {str(item["name"]): item for item in attention["drafts"]}
    assert {name: item["count"] for name, item in drafts.items()} == {
        "rollen": 1,
        "competenties": 1,
    }
    assert drafts["rollen"]["url"] == "/admin/roles/role/?status__exact=draft"
    unsourced = {str(item["name"]): item["count"] for item in attention["unsourced"]}
    assert unsourced == {"rollen": 1, "competenties": 1}
    (roles,) = attention["lists"]
    assert roles["count"] == 2
    assert [role["name"] for role in roles["entries"]] == ["Moderator", "Social media evangelist"]
    html = response.content.decode()
    assert "Wat aandacht nodig heeft" in html
    assert 'href="/admin/roles/role/?competenties=geen"' in html
    # The links open the lists they count.
    for item in attention["drafts"] + attention["unsourced"]:
        listed = client.get(item["url"]).context["cl"].result_count
        assert listed == item["count"], item["url"]


def test_index_query_count_does_not_grow(client, editor, k):
    for i in range(20):
        Role.objects.create(name=f"Rol {i}", slug=f"rol-{i}", summary="Een rol.")
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("admin:index"))
    for i in range(20, 50):
        Role.objects.create(name=f"Rol {i}", slug=f"rol-{i}", summary="Een rol.")
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("admin:index"))
    assert len(after) == len(before)
    (without_competencies,) = response.context["attention"]["lists"]
    assert without_competencies["count"] == 51
    assert len(without_competencies["entries"]) == 10


def test_an_add_form_ignores_a_first_value_its_field_cannot_hold(client, editor, k):
    from roles.models import Level

    level = Level.objects.first()
    url = "/admin/roles/responsibility/add/"
    for junk in ["abc", "\n\x03\x1c", "İı"]:
        response = client.get(url, {"level": junk, "tags": junk})
        assert response.status_code == 200, junk
        html = response.content.decode()
        level_select = html[html.index('name="level"') :].split("</select>")[0]
        assert " selected" not in level_select  # the level starts empty
    # A value the field can hold is still the form's first value.
    html = client.get(url, {"level": level.pk}).content.decode()
    assert f'<option value="{level.pk}" selected>' in html
    assert client.get("/admin/roles/role/add/", {"competencies": "x,1"}).status_code == 200
