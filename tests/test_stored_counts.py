"""
Counts kept where the knowledge is written (editorial/counts.py): the tag
list's and the statements'. Counted once a change is committed and read
only while their content version is current, so a page shows what
counting on the request would show, at every moment.
"""

import logging
import re

import pytest
from django.db import DatabaseError
from taggit.models import Tag

from editorial import counts
from editorial.cache import bump_content_version, content_version, knowledge_changed
from editorial.models import Status, StoredCount
from editorial.tags import public_tags as counted_on_request

pytestmark = pytest.mark.django_db


def listed(client):
    """{tag name: count} as the tag list shows them."""
    html = client.get("/tags/").content.decode()
    found = re.findall(r'class="tag" href="[^"]+">([^<]+) <span class="tag__count">\((\d+)\)', html)
    return {name: int(n) for name, n in found}


def stored_tag_counts():
    """{tag name: n} as stored for the tag list."""
    names = dict(Tag.objects.values_list("pk", "name"))
    return {names[row.key]: row.n for row in StoredCount.objects.filter(name="tags")}


def expected():
    return {tag.name: tag.item_count for tag in counted_on_request()}


def test_a_committed_change_counts_the_tags_and_the_list_reads_them(
    client, site, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        knowledge_changed()
    stored = stored_tag_counts()
    assert stored == expected() and stored["community management"] == 4
    assert set(StoredCount.objects.values_list("version", flat=True)) == {content_version()}
    with django_assert_max_num_queries(3):
        shown = listed(client)
    assert shown == stored


def test_the_list_never_shows_counts_of_another_version(client, site):
    counts.recount()
    tag = Tag.objects.get(name="community management")
    StoredCount.objects.filter(name="tags", key=tag.pk).update(n=99)
    assert listed(client)["community management"] == 99  # read from the table
    # A change, not counted yet (its commit has not run the recount): the
    # list counts on the request, and shows the draft role's tag no more.
    site.community_manager.status = Status.DRAFT
    site.community_manager.save()
    shown = listed(client)
    assert shown == expected() and shown["community management"] == 3
    bump_content_version()
    assert listed(client) == expected()


def test_a_tag_only_drafts_carry_is_counted_nowhere(client, site):
    site.draft_role.tags.add("alleen concept")
    counts.recount()
    tag = Tag.objects.get(name="alleen concept")
    assert not StoredCount.objects.filter(name="tags", key=tag.pk).exists()
    assert "alleen concept" not in listed(client)


def test_a_recount_that_fails_loses_no_change_and_the_list_still_counts(
    client, site, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    counts.recount()

    def broken():
        raise DatabaseError("disk full")

    monkeypatch.setitem(counts.COUNTS, "tags", broken)
    site.community_manager.summary = "Bewaard, ook als het tellen faalt."
    with caplog.at_level(logging.ERROR, logger="rolwijzer.counts"):
        with django_capture_on_commit_callbacks(execute=True):
            site.community_manager.save()
    assert "Could not recount" in caplog.text
    site.community_manager.refresh_from_db()
    assert site.community_manager.summary == "Bewaard, ook als het tellen faalt."
    assert listed(client) == expected()


def test_a_recount_overtaken_by_a_newer_change_writes_nothing(site, monkeypatch):
    counts.recount()
    before = set(StoredCount.objects.values_list("version", "name", "key", "n"))
    counted = counts.COUNTS["tags"]

    def change_meanwhile():
        totals = counted()
        bump_content_version()  # another change committed while counting
        return totals

    monkeypatch.setitem(counts.COUNTS, "tags", change_meanwhile)
    bump_content_version()  # the change this recount is for
    counts.recount()
    # The counts of before stay until the newer change's own recount.
    assert set(StoredCount.objects.values_list("version", "name", "key", "n")) == before


def test_without_the_cache_the_list_counts_on_the_request(client, site, monkeypatch):
    counts.recount()

    def unreachable():
        raise ConnectionError("cache down")

    monkeypatch.setattr(counts, "content_version", unreachable)
    counts.recount()  # does nothing, fails nothing
    assert listed(client) == expected()


def statements_heading(client, url):
    html = client.get(url).content.decode()
    return int(re.search(r'id="uitspraken-h">Uitspraken <span class="count">\((\d+)\)', html)[1])


def statement_total(client, url):
    html = client.get(url).content.decode()
    return int(re.search(r'role="status">(\d+) uitspra', html)[1])


def test_statement_counts_are_kept_for_every_entry_and_in_all(site):
    from roles.models import Company, Competency, Role, Statement, TeamStructure

    counts.recount()
    for relation, model in [
        ("roles", Role),
        ("competencies", Competency),
        ("team_structures", TeamStructure),
        ("companies", Company),
    ]:
        stored = dict(
            StoredCount.objects.filter(name=f"statements:{relation}").values_list("key", "n")
        )
        live = {
            entry.pk: Statement.objects.public().filter(**{relation: entry}).count()
            for entry in model.objects.all()
        }
        assert stored == {pk: n for pk, n in live.items() if n}, relation
    # The conversation manager: two public statements, the draft not counted.
    assert stored_of("statements:roles", site.conversation_manager.pk) == 2
    assert stored_of("statements", 0) == Statement.objects.public().count()


def stored_of(name, key):
    return StoredCount.objects.filter(name=name, key=key).values_list("n", flat=True).first()


def test_entry_pages_and_the_statement_list_read_the_kept_counts_while_current(client, site):
    role = site.conversation_manager
    counts.recount()
    StoredCount.objects.filter(name="statements:roles", key=role.pk).update(n=7)
    StoredCount.objects.filter(name="statements").update(n=70)
    assert statements_heading(client, f"/roles/{role.slug}/") == 7  # read, not counted
    assert statement_total(client, f"/statements/?role={role.slug}") == 7
    assert statement_total(client, "/statements/") == 70
    # Filters the counts do not cover are counted on the request.
    assert statement_total(client, f"/statements/?role={role.slug}&kind=finding") == 1
    # A change not yet counted: every count on the request again.
    site.comment.status = Status.DRAFT
    site.comment.save()
    assert statements_heading(client, f"/roles/{role.slug}/") == 1
    assert statement_total(client, f"/statements/?role={role.slug}") == 1
    assert statement_total(client, "/statements/") == 1


@pytest.mark.django_db(transaction=True)
def test_a_save_in_the_admin_is_recounted_once_beside_the_writer(client, settings, monkeypatch):
    from django.db import transaction
    from factories import build_site

    s = build_site()
    settings.COUNTS_IN_BACKGROUND = True
    recounts = []
    recount = counts.recount

    def counted_recount():
        recounts.append(content_version())
        recount()

    monkeypatch.setattr(counts.recounter, "work", counted_recount)
    # One save of a role with its statements: several writes, one commit.
    with transaction.atomic():
        s.comment.status = Status.DRAFT
        s.comment.save()
        s.statement.text = "Bijgewerkt."
        s.statement.save()
    thread = counts.recounter.thread
    assert thread is not None  # the writer did not wait for it
    thread.join()
    assert len(recounts) == 1
    assert set(StoredCount.objects.values_list("version", flat=True)) == {content_version()}
    assert stored_of("statements:roles", s.conversation_manager.pk) == 1
    assert statements_heading(client, f"/roles/{s.conversation_manager.slug}/") == 1


def test_a_whole_list_pages_by_its_kept_count_and_a_narrowed_one_counts(client, site):
    from django.contrib.contenttypes.models import ContentType

    from roles.models import Role

    counts.recount()
    roles = ContentType.objects.get_for_model(Role).pk
    assert stored_of("lists", roles) == Role.objects.public().count()
    StoredCount.objects.filter(name="lists", key=roles).update(n=3000)
    assert "Pagina 1 van 100" in client.get("/roles/").content.decode()  # 30 a page
    # Narrowed by the query string: counted on the request.
    narrowed = client.get("/roles/?tag=community-management").content.decode()
    assert "Pagina 1 van" not in narrowed
    # A change not yet counted: the whole list counts on the request too.
    site.draft_role.status = Status.PUBLISHED
    site.draft_role.save()
    assert "Pagina 1 van" not in client.get("/roles/").content.decode()


def test_a_tag_renamed_or_merged_in_the_tag_admin_is_a_change(client, site):
    from taggit.models import TaggedItem

    target = Tag.objects.create(name="samengevoegd", slug="samengevoegd")
    counts.recount()
    before = content_version()
    # Merging "community management" into it: the tag admin's merge moves
    # each tagged item with save().
    for item in TaggedItem.objects.filter(tag__name="community management"):
        item.tag = target
        item.save()
    assert content_version() != before
    shown = listed(client)
    assert shown == expected() and shown["samengevoegd"] == 4
    assert "community management" not in shown
    # A rename: the list shows the new name at once.
    counts.recount()
    target.name = "gemeenschapsbeheer"
    target.save()
    assert listed(client)["gemeenschapsbeheer"] == 4
