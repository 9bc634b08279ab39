"""The kinds of entry this app declares (see editorial/kinds.py)."""

from django.utils.translation import gettext_lazy as _

from editorial import history
from editorial.kinds import FixtureSection, declare
from editorial.search import searched

from .models import Affiliation, Article, Organisation, OrganisationSource, Person

# An article's file may not be named like a shared file (fixtures/README.md).
SHARED_FILE_PREFIX = "_"


def not_a_shared_file_name(values):
    if values["slug"].startswith(SHARED_FILE_PREFIX):
        return f"an article slug cannot start with '{SHARED_FILE_PREFIX}' (kept for shared files)"
    return None


def declare_kinds():
    history.name_through(Article, "authors", _("auteur van artikel"), _("auteurs van artikelen"))
    declare(
        Article,
        FixtureSection(
            "article",
            (
                "slug",
                "title",
                "title_is_descriptive",
                "publication",
                "authors",
                "published_on",
                "language",
                "url",
                "stated_comment_count",
                "summary",
                "tags",
                "status",
            ),
            rules=(not_a_shared_file_name,),
        ),
        history.TAGS,
        namespace="articles",
        page=True,
        search=searched(
            "articles",
            _("Artikelen"),
            title="title",
            summary=["summary"],
            body=["publication"],
            context=[(_("door"), "authors__name")],
            order=80,
        ),
    )
    declare(
        Person,
        FixtureSection(
            "people", ("slug", "name", "affiliation", "description", "status"), noun="person"
        ),
        history.Link(history.through(Article, "authors"), back="person_id"),
        history.Link(Affiliation, "affiliations", back="person_id"),
        namespace="people",
        page=True,
        search=searched(
            "people",
            _("Personen"),
            title="name",
            summary=["affiliation"],
            body=["description"],
            order=90,
        ),
    )
    declare(
        Organisation,
        FixtureSection("organisations", ("slug", "name", "description", "status")),
        history.Link(OrganisationSource, "organisationsource_set", back="organisation_id"),
        history.Link(Affiliation, "affiliations", back="organisation_id"),
        namespace="organisations",
        page=True,
        search=searched(
            "organisations", _("Organisaties"), title="name", body=["description"], order=95
        ),
    )
    declare(
        Affiliation,
        FixtureSection("affiliations", ("person", "organisation", "function", "note", "said_by")),
    )
