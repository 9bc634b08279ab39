"""
Public pages served from Django's cache, never stale after a change.

Every cached page is stored with the current *content version*, a random
token kept in the cache itself, and served only while that is still the
current version. Any write to the knowledge (the tables of the `articles`,
`roles` and `taggit` apps, their many-to-many tables included) replaces the
token, so every page cached before the write is out of date at once; old
entries are overwritten or expire. The version and the page are read in one
round trip.

How writes are noticed. Model signals (post_save, post_delete, m2m_changed)
would miss the bulk writes the loader and generate_synthetic make
(bulk_create, QuerySet.update/delete send no signals). Instead a database
execute wrapper, installed on every connection, looks at each INSERT, UPDATE,
DELETE or TRUNCATE Django sends and bumps the version when its table holds
knowledge: admin edits, `load_articles`, `generate_synthetic`, shell
sessions and tests are all covered, whatever ORM call they use.

When. The version is bumped right after the statement, and again when the
transaction commits (transaction.on_commit). The first bump makes the change
visible at once inside this process, including to tests, whose transaction
never commits. The second closes the gap in which another process may have
rendered and cached a page from the old data after the first bump but before
the commit. A rolled-back write therefore costs a needless invalidation,
never a stale page.

What is cached. GET/HEAD requests for the public views listed below, by
visitors who are not logged in (staff see drafts and banners), answered 200,
that set no cookie, did not put a CSRF token or a CSP nonce in the page and
carry no flash message. The key holds the language, the scheme, the host
and the full path with the query string.

Where the version lives. It must be seen by every process that serves
pages or writes knowledge (gunicorn workers, a `manage.py load_articles`
beside them). With a shared cache (REDIS_URL, the production setting) it is a
key in that cache. The local-memory cache is private to each process, so
there the version is a small file instead (PAGE_CACHE_VERSION_FILE, by default
in the temporary directory): reading it costs a few microseconds and every
process on the machine sees a bump at once.

Pages without a round trip. With Redis, asking for the version and the page
costs one round trip per request, most of what a cached page costs. So every
bump is also published on a channel, and each process keeps a subscription
(VersionWatch): before a page is looked up, the announcements waiting on that
socket are read without blocking, which gives the current version without
asking. Pages seen recently are kept in the process too (PAGE_CACHE_LOCAL_
ENTRIES), each with the version it was rendered under, so a popular page
costs no round trip at all. The announcement reaches the socket while Redis
answers the write, before the writer can go on, let alone a reader make a new
request. Whenever the watch cannot vouch for the version (not yet subscribed,
Redis gone, a reconnect during which announcements may have been lost) the
page is looked up in Redis as before; and once a second the version is read
from Redis anyway, in case the subscription died without a word.
"""

import hashlib
import logging
import os
import re
import secrets
import select
import tempfile
import threading
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import setting_changed
from django.db import transaction
from django.db.backends.signals import connection_created
from django.http import HttpResponse

logger = logging.getLogger("rolwijzer.cache")

VERSION_KEY = "rolwijzer:content-version"
VERSION_CHANNEL = "rolwijzer:content-version"
# Pages of old versions are unreachable anyway; the timeout frees memory.
PAGE_CACHE_SECONDS = getattr(settings, "PAGE_CACHE_SECONDS", 600)
CONTENT_APPS = ("articles", "roles", "taggit")

# Public views, by URL namespace and by name in the root namespace.
PUBLIC_NAMESPACES = {
    "roles",
    "competencies",
    "responsibilities",
    "levels",
    "teams",
    "companies",
    "articles",
    "people",
    "statements",
    "tags",
}
PUBLIC_URL_NAMES = {"home", "search", "compare", "matrix"}

_WRITE = re.compile(
    r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?([\w.]+)"?',
    re.IGNORECASE,
)
_content_tables = None


def content_tables():
    global _content_tables
    if _content_tables is None:
        _content_tables = frozenset(
            model._meta.db_table.lower()
            for label in CONTENT_APPS
            if apps.is_installed(label)
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
        )
    return _content_tables


def _process_local_cache():
    backend = settings.CACHES["default"]["BACKEND"]
    return backend.endswith(("LocMemCache", "DummyCache"))


def version_file():
    default = Path(tempfile.gettempdir()) / (
        "rolwijzer-content-version-"
        + hashlib.md5(str(settings.BASE_DIR).encode(), usedforsecurity=False).hexdigest()[:12]
    )
    return Path(getattr(settings, "PAGE_CACHE_VERSION_FILE", default))


def content_version():
    if _process_local_cache():
        try:
            return version_file().read_text()
        except FileNotFoundError:
            bump_content_version()
            return version_file().read_text()
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    """Make every cached page unreachable, in every process."""
    token = secrets.token_hex(8)
    try:
        if _process_local_cache():
            path = version_file()
            # Written beside and renamed, so a reader never sees half a token.
            temporary = path.with_name(f"{path.name}.{os.getpid()}.{token}")
            temporary.write_text(token)
            os.replace(temporary, path)
        elif hasattr(cache, "set_and_publish"):
            cache.set_and_publish(VERSION_KEY, token, VERSION_CHANNEL)
            watch.heard(token)
        else:
            cache.set(VERSION_KEY, token, None)
    except Exception:
        # A cache outage must not fail the write; pages are not served from
        # an unreachable cache either.
        logger.exception("Could not bump the content version")


def content_changed(connection):
    bump_content_version()
    if connection.in_atomic_block and not any(
        func is bump_content_version for _, func, _ in connection.run_on_commit
    ):
        transaction.on_commit(bump_content_version, using=connection.alias, robust=True)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if sql[:1] in "IUDTiudt":
        match = _WRITE.match(sql)
        if match and match.group(1).lower() in content_tables():
            content_changed(context["connection"])
    return result


def _install_write_watch(sender, connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def install():
    """Called from the app config: watch every connection, present and future."""
    from django.db import connections

    connection_created.connect(_install_write_watch, dispatch_uid="rolwijzer_cache_writes")
    for connection in connections.all(initialized_only=True):
        _install_write_watch(None, connection)


def _is_public(request):
    match = request.resolver_match
    if match is None:
        return False
    if match.namespace:
        return match.namespaces[0] in PUBLIC_NAMESPACES
    return match.url_name in PUBLIC_URL_NAMES


def _page_key(request):
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"rolwijzer:page:{language}:{request.scheme}:{request.get_host()}:{path}"


class VersionWatch:
    """
    The content version as announced on VERSION_CHANNEL, known in this
    process without a round trip to Redis, or None when it cannot be vouched
    for. One per process; a forked child starts its own.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    # A connection that dies without a word (no FIN, no RST) looks like one
    # with nothing to say; asking Redis this often bounds what that can cost.
    VERIFY_SECONDS = 1.0

    def reset(self):
        self._pid = os.getpid()
        self._subscription = None
        self._version = None
        self._verified_at = 0.0

    def close(self):
        subscription, self._subscription, self._version = self._subscription, None, None
        if subscription is not None and self._pid == os.getpid():
            try:
                subscription.close()
            except Exception:
                pass

    def current(self):
        if not hasattr(cache, "pubsub"):
            return None
        # Another thread is reading the socket: this request asks Redis.
        if not self._lock.acquire(blocking=False):
            return None
        try:
            if self._pid != os.getpid():
                # Forked: the socket belongs to the parent.
                self.reset()
            if self._subscription is None:
                self._subscribe()
            else:
                self._read_announcements()
                if time.monotonic() - self._verified_at >= self.VERIFY_SECONDS:
                    self._verify()
            return self._version
        except Exception as error:
            logger.warning("Content version watch lost, asking Redis instead: %s", error)
            self.close()
            return None
        finally:
            self._lock.release()

    def heard(self, version):
        """This process made the change: no need to wait for the announcement."""
        if self._subscription is not None:
            self._version = version

    def _subscribe(self):
        subscription = cache.pubsub(VERSION_CHANNEL)
        confirmation = subscription.get_message(timeout=1.0)
        if confirmation is None or confirmation["type"] != "subscribe":
            subscription.close()
            return
        self._subscription = subscription
        # Read once the subscription holds, so no change in between is missed.
        self._verify()
        self._read_all()

    def _verify(self):
        self._version = content_version()
        self._verified_at = time.monotonic()

    def _read_announcements(self):
        # Every call reads until nothing is left, in redis-py's buffer or on
        # the socket, so an empty socket means nothing new; select() tells
        # that in one system call instead of a trip through redis-py's reader.
        sock = getattr(self._subscription.connection, "_sock", None)
        if sock is not None and not select.select([sock], [], [], 0)[0]:
            return
        self._read_all()

    def _read_all(self):
        while (message := self._subscription.get_message(timeout=0)) is not None:
            if message["type"] == "message":
                self._version = message["data"].decode()
            else:
                # A new confirmation: redis-py reconnected and subscribed
                # again, and what was announced meanwhile is lost. Subscribed
                # again, the stored version is safe to read.
                self._verify()


watch = VersionWatch()
_recent_pages = None


def recent_pages():
    """Pages this process served lately, beside the shared cache."""
    global _recent_pages
    if _recent_pages is None:
        _recent_pages = LocMemCache(
            "rolwijzer-recent-pages",
            {
                "TIMEOUT": PAGE_CACHE_SECONDS,
                "OPTIONS": {"MAX_ENTRIES": getattr(settings, "PAGE_CACHE_LOCAL_ENTRIES", 300)},
            },
        )
    return _recent_pages


def _forget_process_state(setting, **kwargs):
    if setting == "CACHES":
        watch.close()
        recent_pages().clear()


setting_changed.connect(_forget_process_state, dispatch_uid="rolwijzer_cache_settings")


def _cached_page(key):
    """
    The current content version and the page cached under `key`, if it was
    stored under that version; a page of an older version is as good as
    absent. With a shared cache, the watched version and a page this process
    served lately cost no round trip; otherwise the version and the page are
    read in one.
    """
    if _process_local_cache():
        version, entry = content_version(), cache.get(key)
    elif (version := watch.current()) is not None:
        entry = recent_pages().get(key)
        if entry is None or entry[0] != version:
            entry = cache.get(key)
            if entry is not None and entry[0] == version:
                recent_pages().set(key, entry)
    else:
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or content_version()
        entry = found.get(key)
    if entry is not None and entry[0] != version:
        entry = None
    return version, entry


def _storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    # The page holds something personal: a CSRF token (its cookie is set by
    # an outer middleware), a CSP nonce, a changed session or a message.
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_csp_nonce", None):
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "_queued_messages", None):
        return False
    return True


class PublicPageCacheMiddleware:
    """
    Place it after the session, locale, authentication and message
    middleware: it needs the language and the user, and the headers those
    add (Content-Language, Vary, CSP, ...) are then added to cached pages too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key, version = getattr(request, "_page_cache_key", (None, None))
        if key and _storable(request, response):
            entry = (
                version,
                response.status_code,
                response.content,
                [(k, v) for k, v in response.items() if k.lower() != "x-page-cache"],
            )
            try:
                cache.set(key, entry, PAGE_CACHE_SECONDS)
                if not _process_local_cache():
                    recent_pages().set(key, entry)
            except Exception:
                logger.exception("Could not store a page in the cache")
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not _is_public(request):
            return None
        if "messages" in request.COOKIES:
            return None
        # Without a session cookie nobody is logged in: no need to load the user.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            return None
        try:
            key = _page_key(request)
            version, entry = _cached_page(key)
        except Exception:
            # Fail open: without the cache the page is rendered as usual.
            logger.exception("Page cache unavailable")
            return None
        if entry is None:
            # Stored under the version read before rendering: if the
            # knowledge changes meanwhile, the page is already out of date.
            request._page_cache_key = (key, version)
            return None
        _version, status, content, headers = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
