"""
Public pages are served from the cache, and no change leaves a stale page
behind: an edit in the admin, a load_articles run with a changed file,
publishing and unpublishing, a bulk update; on Redis (REDIS_URL), shared
by every process, also a write by another process.
"""

import os
import shutil
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
import yaml
from admin_helpers import form_data, make_user
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches
from django.core.management import call_command
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import resolve, reverse

from editorial.cache import VERSION_KEY, PublicPageCacheMiddleware
from editorial.models import Status
from roles.models import Role

ROOT = Path(__file__).resolve().parent.parent
FIXTURES_DIR = ROOT / "fixtures"
EVANGELIST = "social-media-evangelist"


def role_url(slug=EVANGELIST):
    return reverse("roles:detail", args=[slug])


def cached_get(client, url, **extra):
    """Request a page twice; the second answer must come from the cache."""
    first = client.get(url, **extra)
    second = client.get(url, **extra)
    assert first.status_code == 200, url
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit", url
    assert second.content == first.content
    return second


@pytest.fixture
def superuser_client(db):
    user = make_user("beheer", superuser=True)
    staff = Client()
    staff.force_login(user)
    return staff


def admin_change(staff, obj, **changes):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = form_data(staff.get(url))
    data.update({key: [value] for key, value in changes.items()})
    data["_save"] = ["Opslaan"]
    response = staff.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def admin_action(staff, model, action, objects):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = staff.post(url, {"action": action, "_selected_action": [o.pk for o in objects]})
    assert response.status_code == 302
    return response


def test_cache_answers_a_repeated_page_without_touching_the_database(
    client, knowledge, django_assert_num_queries
):
    client.get(role_url())
    with django_assert_num_queries(0):
        response = client.get(role_url())
    assert response["X-Page-Cache"] == "hit"
    assert "Social media evangelist" in response.content.decode()


def test_cache_keeps_every_public_page_type(client, knowledge):
    role = Role.objects.get(slug=EVANGELIST)
    for url in (
        reverse("home"),
        reverse("roles:list"),
        role_url(),
        reverse("articles:detail", args=[role.sources.first().slug]),
        reverse("search") + "?q=evangelist",
    ):
        cached_get(client, url)


def test_cache_keeps_languages_apart(client, knowledge):
    english = cached_get(client, role_url(), HTTP_ACCEPT_LANGUAGE="en")
    dutch = cached_get(client, role_url(), HTTP_ACCEPT_LANGUAGE="nl")
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="nl">' in dutch.content.decode()
    assert english["Content-Language"] == "en"


def test_cache_is_not_used_for_logged_in_staff(client, knowledge, superuser_client):
    role = Role.objects.get(slug=EVANGELIST)
    Role.objects.filter(pk=role.pk).update(status=Status.DRAFT)
    # Staff preview the draft; that page must neither be cached nor be
    # served to a reader.
    for _ in range(2):
        preview = superuser_client.get(role_url())
        assert preview.status_code == 200
        assert "X-Page-Cache" not in preview
    assert client.get(role_url()).status_code == 404


def test_cache_is_not_stale_after_an_admin_edit(client, knowledge, superuser_client):
    cached_get(client, role_url())
    cached_get(client, reverse("roles:list"))
    role = Role.objects.get(slug=EVANGELIST)
    admin_change(superuser_client, role, name="Evangelist voor sociale media")

    for url in (role_url(), reverse("roles:list")):
        page = client.get(url)
        assert page["X-Page-Cache"] == "miss"
        assert "Evangelist voor sociale media" in page.content.decode()


def test_cache_is_not_stale_after_load_articles_with_a_changed_file(client, db, tmp_path):
    fixtures = tmp_path / "fixtures"
    shutil.copytree(FIXTURES_DIR, fixtures)
    call_command("load_articles", str(fixtures), verbosity=0)
    before = cached_get(client, role_url()).content.decode()
    summary = "Een nieuwe samenvatting, alleen in deze test."
    assert summary not in before

    changed = 0
    for path in fixtures.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for role in data.get("roles") or []:
            if role["slug"] == EVANGELIST:
                role["summary"] = summary
                changed += 1
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert changed
    call_command("load_articles", str(fixtures), verbosity=0)

    assert summary in client.get(role_url()).content.decode()


def test_cache_is_not_stale_after_unpublishing_and_publishing(client, knowledge, superuser_client):
    role = Role.objects.get(slug=EVANGELIST)
    cached_get(client, role_url())
    assert "Social media evangelist" in cached_get(client, reverse("roles:list")).content.decode()

    admin_action(superuser_client, Role, "unpublish", [role])
    assert client.get(role_url()).status_code == 404
    assert "Social media evangelist" not in client.get(reverse("roles:list")).content.decode()

    admin_action(superuser_client, Role, "publish", [role])
    assert client.get(role_url()).status_code == 200
    assert "Social media evangelist" in client.get(reverse("roles:list")).content.decode()


def test_cache_is_not_stale_after_a_bulk_update(client, knowledge):
    cached_get(client, role_url())
    # QuerySet.update() sends no signals; the write is seen all the same.
    Role.objects.filter(slug=EVANGELIST).update(name="Bulk bijgewerkte rol")
    assert "Bulk bijgewerkte rol" in client.get(role_url()).content.decode()


def test_cache_does_not_keep_a_response_that_sets_a_cookie(db):
    def view_setting_a_cookie(request):
        response = HttpResponse("voor deze lezer")
        response.set_cookie("voorkeur", "1")
        return response

    view_setting_a_cookie.public_page = True

    middleware = PublicPageCacheMiddleware(view_setting_a_cookie)
    url = reverse("roles:list")
    for _ in range(2):
        request = RequestFactory().get(url)
        request.user = AnonymousUser()
        request.LANGUAGE_CODE = "nl"
        request.resolver_match = resolve(url)
        assert middleware.process_view(request, view_setting_a_cookie, (), {}) is None
        # The miss is marked for storing; the cookie keeps it out.
        assert request.page_cache_key
        response = middleware(request)
        assert response.cookies["voorkeur"].value == "1"
        assert "X-Page-Cache" not in response


def _redis_available():
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache(settings):
    """The default cache on the local Redis, under a prefix of its own."""
    if not _redis_available():
        if os.environ.get("REQUIRE_REDIS") == "1":
            pytest.fail("REQUIRE_REDIS=1 but nothing answers at 127.0.0.1:6379")
        pytest.skip("needs Redis at 127.0.0.1:6379 (REQUIRE_REDIS=1 makes this a failure)")
    prefix = f"rolwijzer-test-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    from django.core.cache import cache

    yield cache
    # Only this test's keys; never a FLUSHDB on a shared server.
    server = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    keys = list(server.scan_iter(match=f"{prefix}:*"))
    if keys:
        server.delete(*keys)


def test_cache_on_redis_is_not_stale_after_an_admin_edit(
    client, knowledge, superuser_client, redis_cache
):
    cached_get(client, role_url())
    version = redis_cache.get(VERSION_KEY)
    assert version

    role = Role.objects.get(slug=EVANGELIST)
    admin_change(superuser_client, role, name="Evangelist voor sociale media")
    assert redis_cache.get(VERSION_KEY) != version
    page = client.get(role_url())
    assert page["X-Page-Cache"] == "miss"
    assert "Evangelist voor sociale media" in page.content.decode()
    again = client.get(role_url())
    assert again["X-Page-Cache"] == "hit"
    assert again.content == page.content


def bump_in_another_process(prefix):
    """What load_articles or an admin worker beside this process does."""
    code = (
        "import django; django.setup(); "
        "from editorial.cache import bump_content_version; bump_content_version()"
    )
    environment = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_CACHE_PREFIX": prefix,
        "DJANGO_SETTINGS_MODULE": "rolwijzer.settings",
    }
    environment.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, check=True, timeout=60)


def test_cache_on_redis_serves_a_repeated_page_in_one_round_trip(
    client, knowledge, redis_cache, monkeypatch, django_assert_num_queries
):
    cached_get(client, role_url())
    backend = caches["default"]
    asked = []
    get_many = backend.get_many

    def counted(keys, *args, **kwargs):
        asked.append(keys)
        return get_many(keys, *args, **kwargs)

    def unexpected(*args, **kwargs):
        raise AssertionError("a cached page asked Redis more than once")

    monkeypatch.setattr(backend, "get_many", counted)
    monkeypatch.setattr(backend, "get", unexpected)
    with django_assert_num_queries(0):
        assert client.get(role_url())["X-Page-Cache"] == "hit"
    assert len(asked) == 1


def test_cache_on_redis_is_not_stale_after_a_write_in_another_process(
    client, knowledge, redis_cache
):
    before = cached_get(client, role_url())
    bump_in_another_process(redis_cache.key_prefix)
    page = client.get(role_url())
    assert page["X-Page-Cache"] == "miss"
    assert page.content == before.content
    assert client.get(role_url())["X-Page-Cache"] == "hit"


def test_cache_is_not_stale_after_a_restore_in_the_admin(client, knowledge, superuser_client):
    role = Role.objects.get(slug=EVANGELIST)
    original = role.name
    admin_change(superuser_client, role, name="Tijdelijke naam")
    assert "Tijdelijke naam" in cached_get(client, role_url()).content.decode()

    opts = Role._meta
    history_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[role.pk])
    restore_url = superuser_client.get(history_url).context["action_list"][-1]["url"]
    data = form_data(superuser_client.get(restore_url))
    assert superuser_client.post(restore_url, data).status_code == 302

    page = client.get(role_url())
    assert page["X-Page-Cache"] == "miss"
    assert original in page.content.decode()
    assert "Tijdelijke naam" not in page.content.decode()
