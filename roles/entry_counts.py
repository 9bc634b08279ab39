"""
How many public statements are about each role, competency, team structure
and company, and how many there are in all: kept where the knowledge is
written (editorial/counts.py). An entry's page and the statement list show
them; the busiest competency's was 16 ms of counting at 10 000 articles.
"""

from functools import partial

from django.db.models import Count

from editorial import counts

from .sourced_entries import Statement

# The relations of a statement to the entries it is about.
ABOUT = ("roles", "competencies", "team_structures", "companies")
ALL = "statements"


def about(relation):
    return f"statements:{relation}"


def count_about(relation):
    """{entry pk: public statements about it}, one query."""
    rows = Statement.objects.public().filter(**{f"{relation}__isnull": False}).order_by()
    return dict(rows.values_list(relation).annotate(n=Count("pk")))


def count_all():
    return {counts.TOTAL: Statement.objects.public().count()}


def register():
    for relation in ABOUT:
        counts.register(about(relation), partial(count_about, relation))
    counts.register(ALL, count_all)
