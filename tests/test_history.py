"""
History and restore, as an editor (staff, in "Redactie", not a superuser)
does it through the admin: create a draft, preview, publish, edit, compare,
restore, delete, recover.
"""

import pytest
import reversion
from admin_helpers import build_knowledge, form_data, make_user, messages_of
from django.urls import reverse
from reversion.models import Version

from articles.models import Article, Person
from editorial.history import through
from editorial.models import Status
from loader import loading
from roles.models import Role, RoleCompetency, RoleSource

pytestmark = pytest.mark.django_db


@pytest.fixture
def k():
    return build_knowledge()


@pytest.fixture
def editor(client):
    user = make_user("redacteur", editor=True)
    client.force_login(user)
    return user


def url(name, *args):
    return reverse(f"admin:roles_role_{name}", args=args)


def create_draft_role(client, k):
    """POST the role's add form with inline rows, as the browser sends it."""
    data = form_data(client.get(url("add")))
    data.update(
        {
            "name": ["Conversation manager"],
            "slug": ["conversation-manager"],
            "summary": ["Voert het gesprek met klanten namens de hele organisatie."],
            "tags": ["klantcontact, webcare"],
            "alternative_titles-TOTAL_FORMS": ["1"],
            "alternative_titles-0-title": ["Gespreksmanager"],
            "alternative_titles-0-source": [str(k.article.pk)],
            "role_levels-TOTAL_FORMS": ["1"],
            "role_levels-0-level": [str(k.tactisch.pk)],
            "role_levels-0-source": [str(k.article.pk)],
            "role_competencies-TOTAL_FORMS": ["2"],
            "role_competencies-0-competency": [str(k.communicatief.pk)],
            "role_competencies-0-importance": ["must"],
            "role_competencies-0-explanation": ["Spreekt de taal van de klant."],
            "role_competencies-0-order": ["1"],
            "role_competencies-0-source": [str(k.article.pk)],
            "role_competencies-0-said_by": [str(k.kirsten.pk)],
            "role_competencies-1-competency": [str(k.analytisch.pk)],
            "role_competencies-1-importance": ["nice"],
            "role_competencies-1-order": ["2"],
            "role_competencies-1-source": [str(k.article.pk)],
            "rolesource_set-TOTAL_FORMS": ["1"],
            "rolesource_set-0-article": [str(k.article.pk)],
            "_save": ["Opslaan"],
        }
    )
    response = client.post(url("add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    return Role.objects.get(slug="conversation-manager")


def links_of(role):
    return {
        "competencies": sorted(
            (rc.competency.slug, rc.importance, rc.explanation, rc.said_by_id)
            for rc in role.role_competencies.all()
        ),
        "sources": sorted(rs.article.slug for rs in role.rolesource_set.all()),
        "tags": sorted(role.tags.names()),
        "titles": sorted(title.title for title in role.alternative_titles.all()),
        "levels": sorted(rl.level.slug for rl in role.role_levels.all()),
    }


def test_editor_round_trip_create_preview_publish_edit_restore_delete_recover(
    client, editor, k, django_assert_max_num_queries
):
    # Create: a draft, with its links.
    role = create_draft_role(client, k)
    assert role.status == Status.DRAFT
    created_links = links_of(role)
    assert created_links == {
        "competencies": [
            ("analytisch", "nice", "", None),
            ("communicatief", "must", "Spreekt de taal van de klant.", k.kirsten.pk),
        ],
        "sources": ["de-community-manager-wordt-volwassen"],
        "tags": ["klantcontact", "webcare"],
        "titles": ["Gespreksmanager"],
        "levels": ["tactisch"],
    }

    # A draft is a 404 for readers, and a preview with the banner for staff.
    page = role.get_absolute_url()
    client.logout()
    with django_assert_max_num_queries(30):
        assert client.get(page).status_code == 404
    client.force_login(editor)
    with django_assert_max_num_queries(40):
        preview = client.get(page)
    assert preview.status_code == 200
    assert "Concept" in preview.content.decode()
    assert "draft-banner" in preview.content.decode()

    # Publish with the list action.
    response = client.post(
        url("changelist"), {"action": "publish", "_selected_action": [role.pk]}, follow=True
    )
    assert "1 rol gepubliceerd." in messages_of(response)
    role.refresh_from_db()
    assert role.status == Status.PUBLISHED
    client.logout()
    assert client.get(page).status_code == 200
    client.force_login(editor)

    # Edit the summary on the change form.
    data = form_data(client.get(url("change", role.pk)))
    data["summary"] = ["Leidt het gesprek met klanten en zorgt dat iedereen meepraat."]
    data["_save"] = ["Opslaan"]
    response = client.post(url("change", role.pk), data)
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.summary.startswith("Leidt het gesprek")

    # History: create, publish and edit, newest first, each with the editor.
    history = client.get(url("history", role.pk))
    assert history.status_code == 200
    actions = history.context["action_list"]
    assert len(actions) == 3
    assert all(action["revision"].user == editor for action in actions)
    comments = [action["revision"].get_comment() for action in actions]
    assert "Samenvatting" in comments[0]  # the admin's change message names the field
    assert comments[1] == "Gepubliceerd."
    html = history.content.decode()
    assert "redacteur" in html

    # Compare the version before the edit with the one after.
    edited, published = actions[0]["version"], actions[1]["version"]
    comparison = client.get(
        reverse("admin:roles_role_compare", args=[role.pk]),
        {"old": published.pk, "new": edited.pk},
    )
    assert comparison.status_code == 200
    fields = comparison.context["comparison"]["fields"]
    assert [change["label"] for change in fields] == ["Samenvatting"]
    html = comparison.content.decode()
    assert "<del>Voert</del>" in html
    assert "<ins>Leidt</ins>" in html

    # Restore the version before the edit: preview it, then save it.
    revision_url = actions[1]["url"]
    preview = client.get(revision_url)
    assert preview.status_code == 200
    role.refresh_from_db()
    assert role.summary.startswith("Leidt"), "a preview of an old version changes nothing"
    data = form_data(preview)
    assert data["summary"] == ["Voert het gesprek met klanten namens de hele organisatie."]
    response = client.post(revision_url, data)
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.summary == "Voert het gesprek met klanten namens de hele organisatie."
    assert role.status == Status.PUBLISHED
    assert links_of(role) == created_links
    latest = Version.objects.get_for_object(role).first()
    assert latest.revision.user == editor
    assert latest.revision.comment.startswith("Teruggezet naar de versie van")

    # Delete: the deletion is recorded with who did it.
    response = client.post(url("delete", role.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not Role.objects.filter(slug="conversation-manager").exists()
    assert not RoleCompetency.objects.filter(role_id=role.pk).exists()
    recover_list = client.get(url("recoverlist"))
    assert recover_list.status_code == 200
    [deleted] = recover_list.context["deleted"]
    assert deleted.object_repr == "Conversation manager"
    assert deleted.revision.user == editor
    assert deleted.revision.comment == "Verwijderd."
    assert "redacteur" in recover_list.content.decode()

    # Recover it with everything that belonged to it.
    recover_url = url("recover", deleted.pk)
    preview = client.get(recover_url)
    assert preview.status_code == 200
    assert not Role.objects.filter(slug="conversation-manager").exists()
    response = client.post(recover_url, form_data(preview))
    assert response.status_code == 302
    recovered = Role.objects.get(slug="conversation-manager")
    assert recovered.pk == role.pk
    assert recovered.summary == "Voert het gesprek met klanten namens de hele organisatie."
    assert links_of(recovered) == created_links
    assert client.get(url("recoverlist")).context["deleted"].count() == 0
    client.logout()
    assert client.get(page).status_code == 200


def test_restore_puts_back_only_that_entry(client, editor, k):
    # One revision holding two roles, as a run of load_articles writes it.
    with reversion.create_revision():
        reversion.add_to_revision(k.role)
        reversion.add_to_revision(k.evangelist)
    for role in (k.role, k.evangelist):
        data = form_data(client.get(url("change", role.pk)))
        data["summary"] = ["Gewijzigd door de redactie."]
        data["_save"] = ["Opslaan"]
        assert client.post(url("change", role.pk), data).status_code == 302

    history = client.get(url("history", k.role.pk)).context["action_list"]
    restore_url = history[-1]["url"]
    response = client.post(restore_url, form_data(client.get(restore_url)))
    assert response.status_code == 302

    k.role.refresh_from_db()
    k.evangelist.refresh_from_db()
    assert k.role.summary == "Bouwt en onderhoudt een online gemeenschap."
    assert k.evangelist.summary == "Gewijzigd door de redactie."


def test_restore_removes_links_added_after_that_version(client, editor, k):
    data = form_data(client.get(url("change", k.role.pk)))
    data["_save"] = ["Opslaan"]
    assert client.post(url("change", k.role.pk), data).status_code == 302
    data = form_data(client.get(url("change", k.role.pk)))
    data.update(
        {
            "alternative_titles-TOTAL_FORMS": ["2"],
            "alternative_titles-1-title": ["Online community manager"],
            "alternative_titles-1-source": [str(k.article.pk)],
            "_save": ["Opslaan"],
        }
    )
    assert client.post(url("change", k.role.pk), data).status_code == 302
    assert k.role.alternative_titles.count() == 2

    history = client.get(url("history", k.role.pk)).context["action_list"]
    restore_url = history[1]["url"]
    assert client.post(restore_url, form_data(client.get(restore_url))).status_code == 302
    assert [t.title for t in k.role.alternative_titles.all()] == ["Community coach"]


def test_delete_selected_records_each_deletion_separately(client, editor, k):
    extra = Role.objects.create(name="Webcare-medewerker", slug="webcare", summary="Antwoordt.")
    lonely = Role.objects.create(name="Moderator", slug="moderator", summary="Modereert.")
    response = client.post(
        url("changelist"),
        {"action": "delete_selected", "_selected_action": [extra.pk, lonely.pk], "post": "yes"},
    )
    assert response.status_code == 302
    deleted = client.get(url("recoverlist")).context["deleted"]
    assert sorted(v.object_repr for v in deleted) == ["Moderator", "Webcare-medewerker"]
    assert {v.revision_id for v in deleted}.__len__() == 2
    assert all(v.revision.user == editor for v in deleted)

    moderator = next(v for v in deleted if v.object_repr == "Moderator")
    recover_url = url("recover", moderator.pk)
    assert client.post(recover_url, form_data(client.get(recover_url))).status_code == 302
    assert Role.objects.filter(slug="moderator").exists()
    assert not Role.objects.filter(slug="webcare").exists()


def test_recover_that_clashes_shows_a_message_not_an_error(client, editor, k):
    extra = Role.objects.create(name="Moderator", slug="moderator", summary="Modereert.")
    assert client.post(url("delete", extra.pk), {"post": "yes"}).status_code == 302
    Role.objects.create(name="Andere moderator", slug="moderator", summary="Bezet de slug.")
    [deleted] = client.get(url("recoverlist")).context["deleted"]
    response = client.get(url("recover", deleted.pk), follow=True)
    assert response.status_code == 200
    [message] = messages_of(response)
    assert "kan niet worden teruggezet" in message
    assert Role.objects.filter(slug="moderator").count() == 1


def test_recover_brings_back_company_example_and_statement_links(client, editor, k):
    role = Role.objects.create(name="Moderator", slug="moderator", summary="Modereert.")
    k.example.roles.add(role)
    k.statement.roles.add(role)
    RoleSource.objects.create(role=role, article=k.article)
    assert client.post(url("delete", role.pk), {"post": "yes"}).status_code == 302
    assert not k.example.roles.filter(pk=role.pk).exists()
    [deleted] = client.get(url("recoverlist")).context["deleted"]
    recover_url = url("recover", deleted.pk)
    assert client.post(recover_url, form_data(client.get(recover_url))).status_code == 302
    assert k.example.roles.filter(slug="moderator").exists()
    assert k.statement.roles.filter(slug="moderator").exists()
    assert Role.objects.get(slug="moderator").rolesource_set.count() == 1


def test_compare_lists_links_added_and_removed(client, editor, k):
    data = form_data(client.get(url("change", k.role.pk)))
    data["_save"] = ["Opslaan"]
    assert client.post(url("change", k.role.pk), data).status_code == 302
    data = form_data(client.get(url("change", k.role.pk)))
    data.update(
        {
            "alternative_titles-0-DELETE": ["on"],
            "role_competencies-TOTAL_FORMS": ["2"],
            "role_competencies-1-competency": [str(k.analytisch.pk)],
            "role_competencies-1-importance": ["nice"],
            "role_competencies-1-order": ["2"],
            "role_competencies-1-source": [str(k.article.pk)],
            "_save": ["Opslaan"],
        }
    )
    assert client.post(url("change", k.role.pk), data).status_code == 302
    new, old = client.get(url("history", k.role.pk)).context["action_list"][:2]
    response = client.get(
        reverse("admin:roles_role_compare", args=[k.role.pk]),
        {"old": old["version"].pk, "new": new["version"].pk},
    )
    rows = {group["name"]: group for group in response.context["comparison"]["rows"]}
    assert rows["Alternatieve titels"]["removed"] == ["Community coach"]
    assert rows["Competenties van rol"]["added"] == ["Community manager: Analytisch (nice-to-have)"]
    assert response.context["comparison"]["fields"] == []


def test_compare_refuses_versions_of_another_entry(client, editor, k):
    with reversion.create_revision():
        reversion.add_to_revision(k.evangelist)
    other = Version.objects.get_for_object(k.evangelist).first()
    response = client.get(
        reverse("admin:roles_role_compare", args=[k.role.pk]),
        {"old": other.pk, "new": other.pk},
        follow=True,
    )
    assert "Kies twee versies om te vergelijken." in messages_of(response)


def test_load_articles_run_appears_in_history_and_can_be_restored(client, editor, knowledge):
    role = Role.objects.get(slug="community-manager")
    [loaded] = client.get(url("history", role.pk)).context["action_list"]
    assert loaded["revision"].get_comment().startswith("load_articles: ")
    assert loaded["revision"].user is None
    # The loader writes in bulk; its rows are in the history all the same.
    in_revision = {
        (v.content_type.model, v.object_id)
        for v in Version.objects.filter(revision=loaded["revision"]).select_related("content_type")
    }
    for rc in role.role_competencies.all():
        assert ("rolecompetency", str(rc.pk)) in in_revision
    for rs in role.rolesource_set.all():
        assert ("rolesource", str(rs.pk)) in in_revision
    links = links_of(role)
    other = Role.objects.exclude(pk=role.pk).order_by("pk").first()
    other_summary = other.summary

    data = form_data(client.get(url("change", role.pk)))
    data.update({"summary": ["Door de redactie herschreven."], "_save": ["Opslaan"]})
    data["alternative_titles-0-DELETE"] = ["on"]
    assert client.post(url("change", role.pk), data).status_code == 302
    Role.objects.filter(pk=other.pk).update(summary="Ook herschreven.")

    # The comparison shows what the editor changed, nothing else (not the
    # links from statements, which the load saved and the admin does not).
    edited = client.get(url("history", role.pk)).context["action_list"][0]
    comparison = client.get(
        reverse("admin:roles_role_compare", args=[role.pk]),
        {"old": loaded["version"].pk, "new": edited["version"].pk},
    ).context["comparison"]
    assert [change["label"] for change in comparison["fields"]] == ["Samenvatting"]
    assert [(g["name"], g["removed"], g["added"]) for g in comparison["rows"]] == [
        ("Alternatieve titels", [links["titles"][0]], [])
    ]
    statements = sorted(role.statements.values_list("pk", flat=True))
    assert statements

    # Back to the version of the load: this role and its links only.
    restore_url = loaded["url"]
    assert client.post(restore_url, form_data(client.get(restore_url))).status_code == 302
    role.refresh_from_db()
    other.refresh_from_db()
    assert role.summary != "Door de redactie herschreven."
    assert links_of(role) == links
    assert other.summary == "Ook herschreven."
    assert other_summary != other.summary
    assert sorted(role.statements.values_list("pk", flat=True)) == statements


def test_load_articles_history_is_what_reversion_itself_would_record(knowledge):
    """
    The loader writes its revisions in bulk; each version must hold exactly
    what reversion.add_to_revision would: the row in the registered format,
    its repr, and every row it follows.
    """
    import json

    from django.core import serializers
    from reversion.revisions import _follow_relations, _get_options

    role = Role.objects.get(slug="community-manager")
    version = Version.objects.get_for_object(role).first()
    in_revision = {
        (v.content_type.model_class(), v.object_id): v for v in version.revision.version_set.all()
    }
    for obj in [role, *_follow_relations(role)]:
        stored = in_revision[(type(obj), str(obj.pk))]
        options = _get_options(type(obj))
        expected = serializers.serialize(options.format, [obj], fields=options.fields)
        assert json.loads(stored.serialized_data) == json.loads(expected), obj
        assert stored.object_repr == str(obj)


def test_load_articles_history_holds_every_row_as_reversion_would_serialise_it(knowledge):
    """
    Every version load_articles wrote, of every model (statements with the
    roles they are about, articles with their authors, tagged items, ...),
    holds what reversion's own serialisation of that row gives today.
    """
    import json

    from django.core import serializers
    from reversion.revisions import _get_options

    versions = list(
        Version.objects.filter(revision__comment__startswith="load_articles").select_related(
            "content_type"
        )
    )
    models_seen = set()
    for version in versions:
        model = version.content_type.model_class()
        obj = model._base_manager.get(pk=version.object_id)
        options = _get_options(model)
        expected = serializers.serialize(options.format, [obj], fields=options.fields)
        assert json.loads(version.serialized_data) == json.loads(expected), obj
        assert version.object_repr == str(obj)
        models_seen.add(model.__name__)
    assert {"Statement", "Article", "TaggedItem", "Role", "RoleLevel"} <= models_seen
    # The many-to-many links are part of the row: a statement about roles lists them.
    statements = [
        json.loads(v.serialized_data)[0]["fields"]
        for v in versions
        if v.content_type.model == "statement"
    ]
    assert any(fields["roles"] for fields in statements)


def test_a_large_load_writes_its_history_in_batches():
    """
    A load of more than a thousand rows that point at as many others: on
    SQLite, reading those in one prefetch is an expression deeper than it
    accepts, so the history is read and written in batches.
    """
    people = Person.objects.bulk_create(
        Person(name=f"Auteur {i}", slug=f"auteur-{i}", status=Status.PUBLISHED) for i in range(1200)
    )
    article = Article.objects.create(title="Veel auteurs", slug="veel-auteurs")
    article.authors.add(*people)
    authorships = through(Article, "authors")
    touched = {
        Person: {person.pk for person in people},
        Article: {article.pk},
        authorships: set(authorships.objects.values_list("pk", flat=True)),
    }

    loading.record_history(touched, "load_articles: veel-auteurs.yaml")

    versions = Version.objects.filter(revision__comment="load_articles: veel-auteurs.yaml")
    assert versions.count() == 1 + 2 * 1200
    [stored] = Version.objects.get_for_object(article)
    assert sorted(stored.field_dict["authors"]) == sorted(person.pk for person in people)
