"""
The counts of roles and the knowledge around them that grow with it, kept
where the knowledge is written (editorial/counts.py): how many public
statements are about each role, competency, team structure and company,
and in all (16 ms for the busiest competency at 10 000 articles); how many
roles and tasks each level has (68 ms for the three levels at 100 000).
"""

from functools import partial

from editorial import counts

from .facts import RoleLevel
from .sourced_entries import Responsibility, Statement

# The relations of a statement to the entries it is about.
ABOUT = ("roles", "competencies", "team_structures", "companies")
ALL = "statements"
LEVEL_ROLES = "levels:roles"
LEVEL_RESPONSIBILITIES = "levels:responsibilities"


def about(relation):
    return f"statements:{relation}"


def register():
    for relation in ABOUT:
        counts.register(about(relation), partial(counts.per_key, Statement, relation))
    counts.register(ALL, lambda: {counts.TOTAL: Statement.objects.public().count()})
    counts.register(LEVEL_ROLES, partial(counts.per_key, RoleLevel, "level", "role"))
    counts.register(LEVEL_RESPONSIBILITIES, partial(counts.per_key, Responsibility, "level"))
