"""
The search page and the suggestions of the header's search box, both read
from the search index (search/query.py) in a fixed number of queries.

Without a kind the page shows the best few results of every kind that
matches, kinds with the best results first, each with its count and a link
to all results of that kind (`?kind=`), which pages through them.
"""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from editorial.search import kinds
from editorial.views import PublicPage
from search import query as search_query
from search import text
from search.hints import dutch_for

PER_KIND = 3
PAGE_SIZE = 20


def search_url(q, **params):
    return reverse("search") + "?" + urlencode({"q": q, **params})


def page_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(number, 1), search_query.COUNTED // PAGE_SIZE)


class SearchView(PublicPage, TemplateView):
    template_name = "search.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = text.clean_query(self.request.GET.get("q", ""))
        declared = {kind.key: kind for kind in kinds()}
        selected = declared.get(self.request.GET.get("kind", ""))
        page = page_number(self.request.GET.get("page"))
        per_kind = PAGE_SIZE if selected else PER_KIND
        offset = (page - 1) * PAGE_SIZE if selected else 0
        parsed, rows = search_query.search(
            q, [selected.key] if selected else None, per_kind, offset
        )
        stems = parsed.stems() if parsed else set()
        ordered = []
        counted = search_query.counted_up_to([selected.key] if selected else None)
        for kind, found in search_query.grouped(rows):
            group = self.group(kind, found[0], q, counted)
            group["results"] = [self.result(kind, row, stems) for row in found]
            ordered.append(group)
        found = sum(g["count"] for g in ordered)
        context.update(
            query=q,
            searched=bool(parsed),
            selected=selected,
            groups=ordered,
            result_count=found,
            more_than=any(g["more"] for g in ordered),
            suggestion=parsed.suggestion() if parsed else "",
            hints=dutch_for(parsed.words) if parsed and not found else [],
            all_url=search_url(q),
        )
        if selected and ordered:
            group = ordered[0]
            context.update(
                page=page,
                previous_url=search_url(q, kind=selected.key, page=page - 1) if page > 1 else "",
                next_url=search_url(q, kind=selected.key, page=page + 1)
                if offset + PAGE_SIZE < min(group["count"], search_query.COUNTED)
                else "",
            )
        return context

    def group(self, kind, row, q, counted):
        return {
            "kind": kind,
            "key": kind.key,
            "label": kind.label,
            "count": min(row["total"], counted),
            "more": row["total"] > counted,
            "results": [],
            "url": search_url(q, kind=kind.key),
        }

    def result(self, kind, row, stems):
        title = row["title"]
        aliases = [a for a in row["aliases"] if text.has_match(a, stems)]
        return {
            "url": row["url"],
            "title": text.highlight(title, stems)
            if len(title) < 200
            else text.excerpt(title, stems),
            "also": [text.highlight(a, stems) for a in aliases],
            "passage": text.excerpt(row["passage"], stems) if row["passage"] else "",
            "context": [
                (kind.context[position][0], text.highlight(value, stems))
                for position, value in row["context"]
                if position < len(kind.context)
            ],
            "badges": row["badges"],
        }


class SuggestView(PublicPage, View):
    """JSON for the header's search box: names that start with what is typed."""

    def get(self, request):
        q = text.clean_query(request.GET.get("q", ""))
        declared = {kind.key: kind for kind in kinds()}
        suggestions = [
            {"title": row["title"], "url": row["url"], "kind": str(declared[row["kind"]].label)}
            for row in search_query.suggest(q)
        ]
        return JsonResponse({"query": q, "suggestions": suggestions, "label": str(_("Suggesties"))})
