"""
Public pages served from Django's cache, never stale after a change.

Every cached page is stored with the *content version* it was rendered
under, a random token kept in the same cache. A write to the knowledge calls
`knowledge_changed()`, which replaces the token: every page cached before is
out of date at once (old entries expire). The writes that call it are the
models' save() and delete(), the querysets' bulk update() and delete(), the
loader, and a restore or recovery in the admin. The version and the page are
read in one round trip (`get_many`).

The token is replaced right away, and again when the transaction commits: the
second closes the gap in which another process renders and caches a page from
the data of before the commit. A rolled-back write costs a needless
invalidation, never a stale page.

Where the version lives: in the default cache. With REDIS_URL (production)
every process shares it. With the local-memory default each process has its
own; a change made through another process (a `load_articles` beside a
running `runserver`) shows there once its cached pages expire
(PAGE_CACHE_SECONDS).

What is cached: GET and HEAD requests to views that declare
`public_page = True`, by visitors who are not logged in, answered 200, that
set no cookie and carry no CSP nonce.
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpResponse

logger = logging.getLogger("rolwijzer.cache")

VERSION_KEY = "rolwijzer:content-version"
# Pages of old versions are unreachable anyway; the timeout frees memory.
PAGE_CACHE_SECONDS = getattr(settings, "PAGE_CACHE_SECONDS", 600)


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, secrets.token_hex(8), None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    """Make every cached page unreachable."""
    try:
        cache.set(VERSION_KEY, secrets.token_hex(8), None)
    except Exception:
        # A cache outage must not fail the write; pages are not served from
        # an unreachable cache either.
        logger.exception("Could not bump the content version")


# Sent once a change to the knowledge is committed, for what is built from
# it ahead of the readers (portal/downloads.py rebuilds the downloads).
content_committed = Signal()


def committed():
    bump_content_version()
    content_committed.send(sender=None)


def knowledge_changed():
    """Called wherever the knowledge is written."""
    bump_content_version()
    transaction.on_commit(committed, robust=True)


def is_public_page(view_func):
    view_class = getattr(view_func, "view_class", None)
    return getattr(view_class or view_func, "public_page", False)


def page_key(request):
    path = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return f"rolwijzer:page:{language}:{request.scheme}:{request.get_host()}:{path}"


def storable(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-cache", "no-store")):
        return False
    # A page that used a CSP nonce must not hand that nonce to someone else;
    # django-csp's lazy nonce is true once it has been used.
    return not getattr(request, "csp_nonce", None)


class PublicPageCacheMiddleware:
    """
    Place it after the session, locale, authentication and message
    middleware: it needs the language and the user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key_version = getattr(request, "page_cache_key", None)
        if key_version and storable(request, response):
            key, version = key_version
            entry = (version, response.content, list(response.items()))
            try:
                cache.set(key, entry, PAGE_CACHE_SECONDS)
            except Exception:
                logger.exception("Could not store a page in the cache")
            response["X-Page-Cache"] = "miss"
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method not in ("GET", "HEAD") or not is_public_page(view_func):
            return None
        if "messages" in request.COOKIES:
            return None
        # Without a session cookie nobody is logged in: no need to load the user.
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            return None
        key = page_key(request)
        try:
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY) or content_version()
        except Exception:
            # Fail open: without the cache the page is rendered as usual.
            logger.exception("Page cache unavailable")
            return None
        entry = found.get(key)
        if entry is None or entry[0] != version:
            # Stored under the version read before rendering: if the
            # knowledge changes meanwhile, the page is already out of date.
            request.page_cache_key = (key, version)
            return None
        _version, content, headers = entry
        response = HttpResponse(content)
        for name, value in headers:
            if name.lower() != "x-page-cache":
                response[name] = value
        response["X-Page-Cache"] = "hit"
        return response
