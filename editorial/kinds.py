"""
The kinds of entry, each declared once, by the app that owns its model
(articles/kinds.py, roles/kinds.py, called from the app's ready()).

Everything that goes over every kind reads this registry instead of keeping a
list of its own: the history (what a version of the entry takes along), the
editors' permissions, the sitemap and the tags (kinds with a page of their
own), the loader and the exporter (the entry's section of a fixture file),
the downloads, the search index and the API (roles/api_kinds.py). What a
declaration states is only what the model cannot say; fields, lengths,
choices and constraints come from the model itself.
"""

from dataclasses import dataclass, field

from . import history


@dataclass(frozen=True)
class FixtureSection:
    """
    How the kind appears in a fixture file (fixtures/README.md): the section's
    name and its keys in the documented order. `attrs` maps a key to the
    model field it fills when the names differ; `constraint_messages` says,
    per check constraint, what the author of a file is told (the constraints'
    own messages are for the admin and do not name the keys); `rules` are
    checks the models cannot express; `in_file` is False for rows that are
    written inside another section (responsibilities inside their group).
    `noun` is how the loader's messages name one row (English, as the keys
    are, while the models' names are Dutch); by default the section's name
    in the singular ("team_structures": "team structure").
    """

    name: str
    keys: tuple
    attrs: dict = field(default_factory=dict)
    constraint_messages: dict = field(default_factory=dict)
    rules: tuple = ()
    in_file: bool = True
    noun: str = ""

    @property
    def singular(self):
        if self.noun:
            return self.noun
        words = self.name.replace("_", " ")
        if words.endswith("ies"):
            return words[: -len("ies")] + "y"
        return words.removesuffix("s")


@dataclass(frozen=True)
class Kind:
    model: type
    fixture: FixtureSection
    # Rows of other models a version of this entry takes along (history).
    links: tuple = ()
    # The URL namespace of the kind's pages ("roles": roles:list, roles:detail);
    # empty for rows shown only on the pages of the entries they belong to.
    namespace: str = ""
    # Whether each entry has a page of its own (the sitemap lists them).
    page: bool = False


KINDS = {}


def declare(model, fixture, *links, namespace="", page=False, search=None):
    """
    The one declaration of a kind: its fixture section, the rows its history
    takes along (`links`), its pages, and what it is found by (`search`, from
    editorial.search.searched).
    """
    KINDS[model] = Kind(model, fixture, tuple(links), namespace, page)
    history.register(model, *links)
    if search is not None:
        search(model)


def all_kinds():
    """Every declared kind, in the order of declaration (the order of a fixture file)."""
    return list(KINDS.values())


def with_pages():
    return [kind.model for kind in KINDS.values() if kind.page]


def tagged():
    """The kinds with tags and pages, whose entries a tag's page lists."""
    return [
        kind
        for kind in KINDS.values()
        if kind.namespace and any(f.name == "tags" for f in kind.model._meta.get_fields())
    ]
