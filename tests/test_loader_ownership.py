"""
load_articles never overwrites work it does not own: an entry another
article's file defines, an entry made in the admin (a draft among them), or
an edit made in the admin since the last load. It refuses before writing,
saying what to do; --take-file-version takes the file's version and the
history says so. An admin edit whose file did not change is kept.
"""

import pytest
import reversion
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from loader_helpers import COMMUNITY_MANAGER, load, sample, snapshot, write_files, writes
from reversion.models import Version

from editorial.models import Status
from loader.models import LoadedEntry
from roles.models import Role, Statement

pytestmark = pytest.mark.django_db

ONE = "artikel-een.yaml"


@pytest.fixture
def loaded(tmp_path):
    directory = write_files(tmp_path / "fixtures", sample())
    load(directory)
    return directory


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("redacteur", is_staff=True)


def edit_in_admin(obj, editor, **values):
    """What saving the admin's change form does: the row and a history revision with the user."""
    with reversion.create_revision():
        for name, value in values.items():
            setattr(obj, name, value)
        obj.save()
        reversion.set_user(editor)
        reversion.set_comment("Gewijzigd.")


def third_article(**role):
    return {
        "artikel-drie.yaml": {
            "article": {"slug": "artikel-drie", "title": "Drie", "summary": "Drie."},
            "roles": [{**COMMUNITY_MANAGER, **role}],
        }
    }


def refused(*paths, **options):
    before = snapshot()
    with pytest.raises(CommandError) as raised:
        load(*paths, **options)
    assert snapshot() == before
    return str(raised.value)


def test_loader_records_which_file_defines_every_entry_and_fact(loaded):
    manager = LoadedEntry.objects.get(section="roles", key='["community-manager"]')
    assert manager.defined_by == {"artikel-een": ONE, "artikel-twee": "artikel-twee.yaml"}
    assert LoadedEntry.objects.get(section="levels", key='["tactisch"]').defined_by == {
        "_niveaus.yaml": "_niveaus.yaml"
    }
    statement = LoadedEntry.objects.get(section="statements", key='["stelling-een"]')
    assert statement.defined_by == {"artikel-een": ONE}


def test_load_of_one_file_refuses_to_change_an_entry_other_files_define(loaded, tmp_path):
    alone = write_files(tmp_path / "drie", third_article(name="Kaper", summary="Anders."))

    message = refused(alone)

    where = f"{alone / 'artikel-drie.yaml'}: roles[0] slug=community-manager"
    assert f"{where}: is also defined by " in message
    assert f"{ONE}, artikel-twee.yaml, which this run does not load" in message
    assert "(name, summary)" in message
    assert Role.objects.get(slug="community-manager").name == "Community manager"


def test_load_of_one_file_defining_an_entry_identically_adds_itself_as_source(loaded, tmp_path):
    load(write_files(tmp_path / "drie", third_article()))

    manager = Role.objects.get(slug="community-manager")
    assert set(manager.sources.values_list("slug", flat=True)) == {
        "artikel-een",
        "artikel-twee",
        "artikel-drie",
    }
    record = LoadedEntry.objects.get(section="roles", key='["community-manager"]')
    assert set(record.defined_by) == {"artikel-een", "artikel-twee", "artikel-drie"}


def test_load_refuses_to_take_over_and_publish_a_draft_made_in_the_admin(loaded, tmp_path, editor):
    draft = Role(slug="nieuwe-rol", name="Nieuwe rol", summary="Concept.", status=Status.DRAFT)
    edit_in_admin(draft, editor)
    files = sample()
    files[ONE]["roles"].append({"slug": "nieuwe-rol", "name": "Nieuwe rol", "summary": "Af."})
    write_files(loaded, files)

    message = refused(loaded)
    assert "roles[2] slug=nieuwe-rol: was made in the admin (loading would publish the draft)" in (
        message
    )
    assert "last changed by redacteur on " in message
    assert "Run export_articles first" in message and "--take-file-version" in message
    assert refused(loaded, dry_run=True) == message

    output = load(loaded, take_file_version=True)

    assert "Replaced 1 change(s) made in the admin with the file's version:" in output
    role = Role.objects.get(slug="nieuwe-rol")
    assert (role.status, role.summary) == (Status.PUBLISHED, "Af.")
    comment = Version.objects.get_for_object(role).first().revision.comment
    assert "--take-file-version: the file's version replaces a change in the admin" in comment
    assert "Nothing changed" in load(loaded)


def test_load_adopts_an_entry_made_in_the_admin_that_the_file_gives_alike(loaded, editor):
    role = Role.objects.get(slug="community-coach")
    LoadedEntry.objects.filter(section="roles", key='["community-coach"]').delete()

    assert "Nothing changed" in load(loaded)

    assert LoadedEntry.objects.filter(section="roles", key='["community-coach"]').exists()
    edit_in_admin(role, editor, summary="Eigen woorden.")
    assert "Kept 1 entry as edited in the admin" in load(loaded)


def test_load_keeps_an_admin_edit_whose_file_did_not_change_and_says_so(loaded, editor):
    role = Role.objects.get(slug="community-coach")
    edit_in_admin(role, editor, name="Coach van de community", status=Status.DRAFT)

    dry = load(loaded, dry_run=True)
    with CaptureQueriesContext(connection) as captured:
        output = load(loaded)

    assert writes(captured) == []
    for text in (dry, output):
        assert "Kept 1 entry as edited in the admin (their files did not change" in text
        assert "roles: community-coach (name, status), changed by redacteur on " in text
    role.refresh_from_db()
    assert (role.name, role.status) == ("Coach van de community", Status.DRAFT)
    assert "Kept 1 entry" in load(loaded)


def test_load_refuses_to_overwrite_an_admin_edit_the_file_changes_too(loaded, editor):
    statement = Statement.objects.get(slug="stelling-een")
    edit_in_admin(statement, editor, text="Door de redactie herschreven.")
    files = sample()
    files[ONE]["statements"][0]["text"] = "Door het bestand herschreven."
    write_files(loaded, files)

    message = refused(loaded)

    assert f"{loaded / ONE}: statements[0] slug=stelling-een: was changed in the admin " in message
    assert "by redacteur on " in message
    assert f"after {ONE} was last loaded, and the file changes it too (text)" in message
    assert refused(loaded, dry_run=True) == message

    load(loaded, take_file_version=True)

    statement.refresh_from_db()
    assert statement.text == "Door het bestand herschreven."
    history = Version.objects.get_for_object(statement)
    assert "--take-file-version" in history.first().revision.comment
    assert history[1].field_dict["text"] == "Door de redactie herschreven."


def test_load_takes_a_file_change_that_agrees_with_the_admin_edit(loaded, editor):
    role = Role.objects.get(slug="community-coach")
    edit_in_admin(role, editor, summary="Coacht de community.")
    files = sample()
    files[ONE]["roles"][1]["summary"] = "Coacht de community."
    write_files(loaded, files)

    output = load(loaded)

    assert "Kept" not in output
    with CaptureQueriesContext(connection) as captured:
        assert "Nothing changed" in load(loaded)
    assert writes(captured) == []


def test_load_after_a_deletion_in_the_admin_loads_the_entry_again(loaded):
    Statement.objects.get(slug="stelling-twee").delete()

    load(loaded)

    assert Statement.objects.filter(slug="stelling-twee").exists()
