"""
Prints the paths the load test cycles through: every public page type (lists
and the detail page of every published entry), the API, comparisons and
searches. Run with the server's environment (DATABASE_URL) so the slugs
exist. A "{rand}" in a path is replaced by a random number for each request
(scripts/loadtest.lua), so those searches are never answered from the cache.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rolwijzer.settings")

import django  # noqa: E402

django.setup()

from django.urls import (  # noqa: E402
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
)
from django.views.generic import RedirectView  # noqa: E402

from articles.models import Article, Person  # noqa: E402
from roles import models as roles  # noqa: E402

# Not pages: the admin, the language switch (POST), the schema, and the
# favicon (a redirect to the static icon). Old addresses that redirect
# (RedirectView patterns) are left out too: the run wants 200 on every path.
SKIP_PREFIXES = ("admin", "i18n", "api/schema", "favicon.ico")
SEARCHES = ["community", "community manager", "coach", "strategisch", "social media", "zzz"]


def argumentless_paths(resolver, prefix=""):
    """The patterns without parameters: home, every list page, API lists."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIP_PREFIXES) or "<" in route or "(?P" in route:
            continue
        if isinstance(pattern, URLResolver):
            yield from argumentless_paths(pattern, route)
        elif isinstance(pattern, URLPattern):
            if issubclass(getattr(pattern.callback, "view_class", object), RedirectView):
                continue
            path = "/" + route.lstrip("^").rstrip("$").replace("\\", "")
            if "^" not in path and "[" not in path and "(" not in path and "?" not in path:
                yield path


def main():
    paths = list(dict.fromkeys(argumentless_paths(get_resolver())))
    for model in (
        roles.Role,
        roles.Competency,
        roles.Responsibility,
        roles.Level,
        roles.TeamStructure,
        roles.Company,
        Article,
        Person,
    ):
        paths += [entry.get_absolute_url() for entry in model.objects.public()]
    try:
        search = reverse("search")
    except NoReverseMatch:
        search = None
    if search:
        for term in SEARCHES:
            term = term.replace(" ", "+")
            paths += [f"{search}?q={term}", f"{search}?q={term}+{{rand}}"]
    try:
        compare = reverse("compare")
    except NoReverseMatch:
        compare = None
    if compare:
        role_slugs = list(roles.Role.objects.public().values_list("slug", flat=True)[:6])
        for first, second in zip(role_slugs, role_slugs[1:], strict=False):
            paths.append(f"{compare}?roles={first},{second}")
    print("\n".join(paths))


if __name__ == "__main__":
    main()
