"""The kinds of entry this app declares (see editorial/kinds.py)."""

from django.utils.translation import gettext_lazy as _

from editorial.history import TAGS, Link, name_through
from editorial.kinds import FixtureSection, declare
from editorial.search import searched

from .models import Debate, DebateSource, Position


def not_answering_itself(values):
    # The check constraint compares ids, which a file does not have.
    if values["answers"] is not None and values["answers"] == values["slug"]:
        return "a position cannot answer itself ('answers' is its own slug)"
    return None


def declare_kinds():
    for field, name in [
        ("roles", _("debat over rol")),
        ("team_structures", _("debat over teamstructuur")),
        ("competencies", _("debat over competentie")),
    ]:
        name_through(Debate, field, name, _("debatten"))
    declare(
        Debate,
        FixtureSection(
            "debates",
            (
                "slug",
                "question",
                "summary",
                "roles",
                "team_structures",
                "competencies",
                "tags",
                "status",
            ),
        ),
        Link(Position, "positions", back="debate_id"),
        Link(DebateSource, "debatesource_set", back="debate_id"),
        TAGS,
        namespace="debates",
        page=True,
        search=searched("debates", _("Debatten"), title="question", summary=["summary"], order=95),
    )
    declare(
        Position,
        FixtureSection(
            "positions",
            (
                "slug",
                "debate",
                "stance",
                "quote",
                "said_by",
                "in_comment",
                "said_on",
                "answers",
                "order",
            ),
            rules=(not_answering_itself,),
        ),
    )
