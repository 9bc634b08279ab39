"""
The search half of the benchmark (`make bench-search`, and part of
`make bench`). Every figure is a median over interleaved rounds in one
process, so a busy machine slows both sides alike.

    bench_search.py measure RESULTS   search on DATABASE_URL, added to RESULTS
    bench_search.py report RESULTS    the table, and which goals are met

For each everyday query: the search page uncached against /healthz in the
same process, and the search itself (search/query.py) against a plain
`icontains` over the same fields of every kind that returns the same thing
(the best three of each kind, ranked alike, and the count of each kind).
RESULTS keeps one entry per database and size, so runs at 1 000, 10 000 and
100 000 articles give the growth curve.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rolwijzer.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Case, IntegerField, Q, Value, When  # noqa: E402
from django.db.models.functions import Length  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from articles.models import Article  # noqa: E402
from editorial.cache import bump_content_version  # noqa: E402
from editorial.search import kinds  # noqa: E402
from search import query as search_query  # noqa: E402
from search import text  # noqa: E402
from search.models import SearchDocument  # noqa: E402

GOALS = {"median": 40.0, "worst": 100.0, "speedup": 10.0, "growth": 2.0}
ROUNDS = int(os.environ.get("BENCH_ROUNDS_SEARCH", 9))
PER_KIND = 3
# As readers type them: common words, two words, a rare word, a plural, a
# typo, a compound.
EVERYDAY = [
    "community",
    "social media",
    "strategisch",
    "moderatie",
    "conversatie manager",
    "teams",
    "evangelisten",
    "klantenservice",
    "comunity manger",
    "communitymanager",
]


def timed(function):
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def contains_all(lookups, words):
    condition = Q()
    for word in words:
        any_field = Q()
        for lookup in lookups:
            any_field |= Q(**{f"{lookup}__icontains": word})
        condition &= any_field
    return condition


def plain(q):
    """What search without an index does, ranked the way search ranks."""
    words = text.query_words(q)
    found = []
    for kind in kinds():
        title = [kind.title] if kind.title else []
        tiers = [
            (4, title),
            (3, title + list(kind.aliases)),
            (2, title + list(kind.aliases) + list(kind.summary)),
        ]
        every = title + list(kind.aliases) + list(kind.summary) + list(kind.body)
        rows = kind.model.objects.public().filter(contains_all(every, words)).distinct()
        shown = kind.title or kind.summary[0]
        ranked = rows.annotate(
            tier=Case(
                *[When(contains_all(f, words), then=Value(t)) for t, f in tiers if f],
                default=Value(1),
                output_field=IntegerField(),
            ),
            length=Length(shown),
        ).order_by("-tier", "length", "pk")
        best = list(ranked.values_list("pk", flat=True)[:PER_KIND])
        if best:
            found.append((kind.key, best, rows.count()))
    return found


def indexed(q):
    return search_query.search(q, per_kind=PER_KIND)


def measure():
    client = Client()
    healthz = reverse("healthz")
    figures = {}
    for q in EVERYDAY:
        url = reverse("search") + "?q=" + q.replace(" ", "+")
        client.get(url, secure=True)
        indexed(q)
        plain(q)
        page, base, ours, theirs = [], [], [], []
        for _ in range(ROUNDS):
            base.append(timed(lambda: client.get(healthz, secure=True)))
            bump_content_version()
            page.append(timed(lambda u=url: client.get(u, secure=True)))
            ours.append(timed(lambda q=q: indexed(q)))
            theirs.append(timed(lambda q=q: plain(q)))
        figures[q] = {
            "page_ms": statistics.median(page) * 1000,
            "healthz_ms": statistics.median(base) * 1000,
            "ratio": statistics.median(page) / statistics.median(base),
            "search_ms": statistics.median(ours) * 1000,
            "icontains_ms": statistics.median(theirs) * 1000,
            "results": sum(len(r) for _k, r, _n in plain(q)),
        }
        f = figures[q]
        print(
            f"  {q!r:24} page {f['page_ms']:7.2f} ms ({f['ratio']:5.1f}x /healthz)"
            f"  search {f['search_ms']:7.2f} ms  icontains {f['icontains_ms']:8.2f} ms",
            file=sys.stderr,
        )
    return {
        "database": connection.vendor,
        "articles": Article.objects.count(),
        "documents": SearchDocument.objects.count(),
        "queries": figures,
    }


def median_of(values):
    return statistics.median(values) if values else float("nan")


def summary(run):
    queries = run["queries"].values()
    return {
        "ratio": median_of([f["ratio"] for f in queries]),
        "worst": max(f["ratio"] for f in queries),
        "page_ms": median_of([f["page_ms"] for f in queries]),
        "search_ms": median_of([f["search_ms"] for f in queries]),
        "speedup": median_of([f["icontains_ms"] for f in queries])
        / median_of([f["search_ms"] for f in queries]),
    }


def report(results):
    lines = []
    say = lines.append
    runs = results.get("search_runs", {})
    for run in runs.values():
        say(f"Search, {run['database']}, {run['articles']} articles, {run['documents']} documents")
        say(f"{'query':24}{'page ms':>9}{'/healthz':>10}{'search ms':>11}{'icontains ms':>14}")
        for q, f in run["queries"].items():
            say(
                f"{q:24}{f['page_ms']:9.2f}{f['ratio']:9.1f}x{f['search_ms']:11.2f}"
                f"{f['icontains_ms']:14.2f}"
            )
        s = summary(run)
        say(
            f"median page {s['page_ms']:.2f} ms = {s['ratio']:.1f}x /healthz "
            f"(goal <= {GOALS['median']:.0f}x: {verdict(s['ratio'] <= GOALS['median'])}); "
            f"worst {s['worst']:.1f}x (goal <= {GOALS['worst']:.0f}x: "
            f"{verdict(s['worst'] <= GOALS['worst'])})"
        )
        say(
            f"search itself: median {s['search_ms']:.2f} ms, {s['speedup']:.1f}x faster than "
            f"icontains (goal >= {GOALS['speedup']:.0f}x: "
            f"{verdict(s['speedup'] >= GOALS['speedup'])})"
        )
        say("")
    for database in sorted({run["database"] for run in runs.values()}):
        sizes = sorted(
            ((r["articles"], summary(r)) for r in runs.values() if r["database"] == database),
            key=lambda size: size[0],
        )
        if len(sizes) > 1:
            say(f"Growth on {database} (median search itself, median page)")
            for articles, s in sizes:
                say(f"  {articles:>7} articles  {s['search_ms']:8.2f} ms  {s['page_ms']:8.2f} ms")
            (small, first), (large, last) = sizes[-2], sizes[-1]
            growth = last["search_ms"] / first["search_ms"]
            say(
                f"  {small} -> {large}: {growth:.2f}x (goal < {GOALS['growth']:.0f}x: "
                f"{verdict(growth < GOALS['growth'])})"
            )
    return "\n".join(lines)


def verdict(ok):
    return "met" if ok else "NOT MET"


def main(argv):
    if len(argv) != 3 or argv[1] not in ("measure", "report"):
        raise SystemExit(__doc__)
    path = Path(argv[2])
    results = json.loads(path.read_text()) if path.exists() else {}
    if argv[1] == "measure":
        run = measure()
        results.setdefault("search_runs", {})[f"{run['database']}-{run['articles']}"] = run
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    else:
        print(report(results))


if __name__ == "__main__":
    main(sys.argv)
