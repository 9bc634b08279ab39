"""
The tag list's counts, counted once a change is committed and read only
while their content version is current (portal/tag_counts.py): the list
shows what counting on the request would show, at every moment.
"""

import logging
import re

import pytest
from django.db import DatabaseError

from editorial.cache import bump_content_version, content_version, knowledge_changed
from editorial.models import Status
from editorial.tags import public_tags as counted_on_request
from portal import tag_counts
from portal.models import TagCount

pytestmark = pytest.mark.django_db


def listed(client):
    """{tag name: count} as the tag list shows them."""
    html = client.get("/tags/").content.decode()
    found = re.findall(r'class="tag" href="[^"]+">([^<]+) <span class="tag__count">\((\d+)\)', html)
    return {name: int(n) for name, n in found}


def expected():
    return {tag.name: tag.item_count for tag in counted_on_request()}


def test_a_committed_change_counts_the_tags_and_the_list_reads_them(
    client, site, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        knowledge_changed()
    stored = {c.tag.name: c.entries for c in TagCount.objects.select_related("tag")}
    assert stored == expected() and stored["community management"] == 4
    assert set(TagCount.objects.values_list("version", flat=True)) == {content_version()}
    with django_assert_max_num_queries(3):
        shown = listed(client)
    assert shown == stored


def test_the_list_never_shows_counts_of_another_version(client, site):
    tag_counts.recount()
    community = TagCount.objects.get(tag__name="community management")
    community.entries = 99
    community.save()
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
    tag_counts.recount()
    assert not TagCount.objects.filter(tag__name="alleen concept").exists()
    assert "alleen concept" not in listed(client)


def test_a_recount_that_fails_loses_no_change_and_the_list_still_counts(
    client, site, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    tag_counts.recount()

    def broken():
        raise DatabaseError("disk full")

    monkeypatch.setattr(tag_counts, "counted", broken)
    site.community_manager.summary = "Bewaard, ook als het tellen faalt."
    with caplog.at_level(logging.ERROR, logger="rolwijzer.tags"):
        with django_capture_on_commit_callbacks(execute=True):
            site.community_manager.save()
    assert "Could not count the tags" in caplog.text
    site.community_manager.refresh_from_db()
    assert site.community_manager.summary == "Bewaard, ook als het tellen faalt."
    assert listed(client) == expected()


def test_a_recount_overtaken_by_a_newer_change_writes_nothing(site, monkeypatch):
    tag_counts.recount()
    before = set(TagCount.objects.values_list("version", "tag", "entries"))
    counted = tag_counts.counted

    def change_meanwhile():
        totals = counted()
        bump_content_version()  # another change committed while counting
        return totals

    monkeypatch.setattr(tag_counts, "counted", change_meanwhile)
    bump_content_version()  # the change this recount is for
    tag_counts.recount()
    # The counts of before stay until the newer change's own recount.
    assert set(TagCount.objects.values_list("version", "tag", "entries")) == before


def test_without_the_cache_the_list_counts_on_the_request(client, site, monkeypatch):
    tag_counts.recount()

    def unreachable():
        raise ConnectionError("cache down")

    monkeypatch.setattr(tag_counts, "content_version", unreachable)
    tag_counts.recount()  # does nothing, fails nothing
    assert listed(client) == expected()
