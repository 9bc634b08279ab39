"""
The measuring half of `make bench` (scripts/bench.sh prepares the databases
and calls this). Every figure is a ratio of two medians taken in the same
process, in interleaved rounds, so a busy machine slows both sides alike.

    bench.py pages RESULTS          page types and search, on DATABASE_URL
    bench.py dump PATH              the knowledge in Django's own fixture format
    bench.py load KIND PATH RESULTS time load_articles or loaddata on PATH
    bench.py report RESULTS         print the table, say which goals are met

RESULTS is a JSON file; each step adds its figures to it.
"""

import json
import os
import statistics
import sys
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rolwijzer.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from taggit.models import TaggedItem  # noqa: E402

from articles.models import Article, Person  # noqa: E402
from roles.models import Company, Competency, Level, Role, TeamStructure  # noqa: E402
from rolwijzer.cache import bump_content_version  # noqa: E402
from rolwijzer.views import search_groups  # noqa: E402

GOALS = {"uncached": 3.0, "cached": 1.3, "search": 10.0, "load": 5.0}
ROUNDS_UNCACHED = int(os.environ.get("BENCH_ROUNDS_UNCACHED", 15))
ROUNDS_CACHED = int(os.environ.get("BENCH_ROUNDS_CACHED", 40))
ROUNDS_SEARCH = int(os.environ.get("BENCH_ROUNDS_SEARCH", 7))
# A rare word, common words, two words, a phrase of the domain and a typo.
SEARCHES = ["moderatie", "community", "strategisch", "social media", "conversatie manager"]
SEARCHES_TYPO = ["comunity"]


def read(path):
    path = Path(path)
    return json.loads(path.read_text()) if path.exists() else {}


def write(path, results):
    Path(path).write_text(json.dumps(results, indent=2, ensure_ascii=False))


def richest(model, relation):
    """The published entry with the most links of one kind: the longest page."""
    return (
        model.objects.published().annotate(n=Count(relation)).order_by("-n", "pk").first()
    ).get_absolute_url()


def page_urls():
    role = Role.objects.published().annotate(n=Count("role_competencies")).order_by("-n", "pk")
    first, second = role[:2]
    tag = (TaggedItem.objects.values("tag__slug").annotate(n=Count("id")).order_by("-n").first())[
        "tag__slug"
    ]
    return {
        "home": reverse("home"),
        "role list": reverse("roles:list"),
        "role detail": first.get_absolute_url(),
        "competency list": reverse("competencies:list"),
        "competency detail": richest(Competency, "role_competencies"),
        "level detail": richest(Level, "role_levels"),
        "team detail": richest(TeamStructure, "positions"),
        "company detail": richest(Company, "examples"),
        "article list": reverse("articles:list"),
        "article detail": richest(Article, "roles_statement_facts"),
        "person detail": richest(Person, "roles_statement_facts"),
        "tag detail": reverse("tags:detail", args=[tag]),
        "search": reverse("search") + "?q=community+manager",
        "compare": reverse("compare") + f"?roles={first.slug},{second.slug}",
        "matrix": reverse("matrix"),
        "statement list": reverse("statements:list") + f"?role={first.slug}",
    }


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def get(client, url):
    def request():
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")

    return request


def measure_pages():
    client = Client()
    urls = page_urls()
    trivial = get(client, reverse("healthz"))
    figures = {}
    for name, url in urls.items():
        page = get(client, url)
        page()  # warm the process (templates, connection) before timing
        uncached, base_uncached = [], []
        for _ in range(ROUNDS_UNCACHED):
            base_uncached.append(timed(trivial))
            bump_content_version()
            uncached.append(timed(page))
        page()  # now in the cache
        cached, base_cached = [], []
        for _ in range(ROUNDS_CACHED):
            base_cached.append(timed(trivial))
            cached.append(timed(page))
        figures[name] = {
            "url": url,
            "uncached_ms": statistics.median(uncached) * 1000,
            "cached_ms": statistics.median(cached) * 1000,
            "uncached_ratio": statistics.median(uncached) / statistics.median(base_uncached),
            "cached_ratio": statistics.median(cached) / statistics.median(base_cached),
        }
        print(
            f"  {name:18} uncached {figures[name]['uncached_ms']:8.2f} ms"
            f"  cached {figures[name]['cached_ms']:6.2f} ms",
            file=sys.stderr,
        )
    figures["_trivial_ms"] = statistics.median(base_uncached + base_cached) * 1000
    return figures


def plain_condition(queryset, words):
    """What a search without an index does: every word somewhere in the text."""
    fields = [
        field
        for fields in queryset.search_fields.values()
        for field in fields
        if isinstance(field, str)
    ]
    condition = Q()
    for word in words:
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


def search_indexed(query):
    for group in search_groups():
        list(group.queryset().search(query)[:11])


def search_plain(query):
    words = query.split()
    for group in search_groups():
        queryset = group.queryset()
        list(queryset.filter(plain_condition(queryset, words)).order_by("pk")[:11])


def measure_search():
    assert connection.vendor == "postgresql", "the search benchmark is for PostgreSQL"
    figures = {}
    for query in SEARCHES + SEARCHES_TYPO:
        search_indexed(query)
        search_plain(query)
        indexed, plain = [], []
        for _ in range(ROUNDS_SEARCH):
            indexed.append(timed(lambda q=query: search_indexed(q)))
            plain.append(timed(lambda q=query: search_plain(q)))
        figures[query] = {
            "indexed_ms": statistics.median(indexed) * 1000,
            "plain_ms": statistics.median(plain) * 1000,
            "typo": query in SEARCHES_TYPO,
        }
        print(
            f"  search {query!r:24} indexed {figures[query]['indexed_ms']:8.2f} ms"
            f"  icontains {figures[query]['plain_ms']:8.2f} ms",
            file=sys.stderr,
        )
    return figures


def measure_load(kind, path):
    from reversion.models import Revision

    revisions = Revision.objects.count()
    out = StringIO()
    if kind == "load_articles":
        seconds = timed(lambda: call_command("load_articles", path, stdout=out, verbosity=1))
    elif kind == "loaddata":
        seconds = timed(lambda: call_command("loaddata", path, stdout=out, verbosity=1))
    else:
        raise SystemExit(f"unknown load kind {kind!r}")
    last = [line for line in out.getvalue().splitlines() if line.strip()][-1:]
    return {
        "seconds": seconds,
        "summary": last[0] if last else "",
        "revisions_written": Revision.objects.count() - revisions,
    }


def dump(path):
    """
    What `dumpdata articles roles taggit` writes, for loaddata. dumpdata reads
    each many-to-many field of each row with a query of its own (half a
    million queries here); Django's serializer takes prefetched ones instead.
    """
    from django.apps import apps
    from django.core import serializers

    with open(path, "w") as out:
        out.write("[")
        first = True
        for label in ("articles", "roles", "taggit"):
            for model in apps.get_app_config(label).get_models():
                many = [
                    f.name
                    for f in model._meta.many_to_many
                    if f.remote_field.through._meta.auto_created
                ]
                rows = model._default_manager.order_by("pk").prefetch_related(*many)
                text = serializers.serialize("json", rows.iterator(chunk_size=2000))
                if text != "[]":
                    out.write(("" if first else ",") + text[1:-1])
                    first = False
        out.write("]")


def median_of(values):
    return statistics.median(values) if values else float("nan")


def verdict(ok):
    return "met" if ok else "NOT MET"


def report(results):
    lines = []
    say = lines.append
    meta = results.get("meta", {})
    say(f"Rolwijzer benchmark, {meta.get('when', '')}")
    say(f"machine: {meta.get('machine', '')}")
    say(f"data: {meta.get('data', '')}")
    say("")
    pages = {k: v for k, v in results.get("pages", {}).items() if not k.startswith("_")}
    trivial = results.get("pages", {}).get("_trivial_ms")
    if pages:
        say(f"Pages (median per request; ratio to /healthz = {trivial:.2f} ms in the same process)")
        say(f"{'page':20}{'uncached ms':>12}{'ratio':>8}{'cached ms':>11}{'ratio':>8}")
        for name, f in pages.items():
            say(
                f"{name:20}{f['uncached_ms']:12.2f}{f['uncached_ratio']:8.2f}"
                f"{f['cached_ms']:11.2f}{f['cached_ratio']:8.2f}"
            )
        for kind in ("uncached", "cached"):
            worst = max(f[f"{kind}_ratio"] for f in pages.values())
            over = [n for n, f in pages.items() if f[f"{kind}_ratio"] > GOALS[kind]]
            say(
                f"goal {kind} <= {GOALS[kind]}x: worst {worst:.2f}x, {verdict(not over)}"
                + (f" (over: {', '.join(over)})" if over else "")
            )
        say("")
    search = results.get("search", {})
    if search:
        say("Search over every kind (median; full-text with GIN index vs plain icontains)")
        say(f"{'query':26}{'indexed ms':>12}{'icontains ms':>14}{'speed-up':>10}")
        for query, f in search.items():
            note = " (typo: icontains finds nothing)" if f["typo"] else ""
            say(
                f"{query:26}{f['indexed_ms']:12.2f}{f['plain_ms']:14.2f}"
                f"{f['plain_ms'] / f['indexed_ms']:9.1f}x{note}"
            )
        exact = [f for f in search.values() if not f["typo"]]
        speedup = median_of([f["plain_ms"] for f in exact]) / median_of(
            [f["indexed_ms"] for f in exact]
        )
        say(
            f"goal >= {GOALS['search']}x faster: median {speedup:.1f}x "
            f"(indexed median {median_of([f['indexed_ms'] for f in exact]):.2f} ms), "
            f"{verdict(speedup >= GOALS['search'])}"
        )
        say("")
    load = results.get("load", {})
    if {"load_articles", "loaddata"} <= load.keys():
        ours, django_own = load["load_articles"], load["loaddata"]
        say("Loading the same knowledge into an empty database")
        say(f"  load_articles       {ours['seconds']:9.2f} s   {ours['summary']}")
        say(f"  loaddata (Django)   {django_own['seconds']:9.2f} s   {django_own['summary']}")
        if "load_articles_again" in load:
            again = load["load_articles_again"]
            say(f"  load_articles again {again['seconds']:9.2f} s   {again['summary']}")
        ratio = django_own["seconds"] / ours["seconds"]
        say(f"goal >= {GOALS['load']}x faster than loaddata: {ratio:.2f}x, {verdict(ratio >= 5)}")
        if "load_articles_again" in load:
            again = load["load_articles_again"]
            unchanged = "nothing changed" in again["summary"].lower()
            unchanged = unchanged and again["revisions_written"] == 0
            say(
                f"goal second run writes nothing: {again['revisions_written']} revisions "
                f"written, {verdict(unchanged)}"
            )
        say("")
    wrk = results.get("wrk", {})
    if wrk:
        say("Throughput: gunicorn, 2 workers, production settings, wrk on loopback")
        say(f"{'path':40}{'requests':>10}{'req/s':>10}{'errors':>8}")
        for path, f in wrk.items():
            say(f"{path:40}{f['requests']:>10}{f['rps']:>10.1f}{f['errors']:>8}")
        errors = sum(f["errors"] for f in wrk.values())
        say(f"goal 0 errors: {errors}, {verdict(errors == 0)}")
    return "\n".join(lines)


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    command, *rest = argv[1:]
    if command == "pages":
        (path,) = rest
        results = read(path)
        results["pages"] = measure_pages()
        results["search"] = measure_search()
        write(path, results)
    elif command == "dump":
        (path,) = rest
        dump(path)
    elif command == "load":
        kind, fixture_path, path = rest
        results = read(path)
        key = kind if kind not in results.get("load", {}) else f"{kind}_again"
        results.setdefault("load", {})[key] = measure_load(kind, fixture_path)
        write(path, results)
    elif command == "report":
        (path,) = rest
        print(report(read(path)))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
