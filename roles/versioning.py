"""
What the history (django-reversion) keeps of every entry, and how an entry is
put back.

A version of an entry is saved together with the rows that belong to it: its
sourced facts, its sources, its responsibility groups, its tags, ... (the
`LINKS` below, which are reversion's `follow`). Restoring an old version or
recovering a deleted entry therefore brings those rows back as they were.

Reversion itself reverts a whole revision. A run of `load_articles` writes
one revision holding every entry, so restoring one role to the version of a
load would put every other entry back to that load too. `revert_entry`
therefore reverts only the versions in the revision that belong to the one
entry (found through the same `LINKS`), and leaves the rest alone.
"""

import reversion
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.db import IntegrityError, transaction
from django.db.models.deletion import Collector
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from reversion.errors import RevertError
from taggit.models import Tag, TaggedItem

from articles.models import Article, Person
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    CompanySource,
    Competency,
    CompetencySource,
    Level,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    RoleSource,
    Statement,
    TeamPosition,
    TeamStructure,
    TeamStructureSource,
)


class Link:
    """
    Rows of `model` that belong to an entry.

    - `back`: the field (attname) on the row that points at the entry;
    - `generic=True`: the row points at the entry through a content type and
      object id (taggit's TaggedItem);
    - `to`: the field (attname) on the entry that points at the row (the tag of
      a TaggedItem). Such rows are shared by other entries: they are only put
      back when they no longer exist, never overwritten.

    `attr` names the attribute on the entry that lists the rows; reversion
    follows it. A link without `attr` is edited from the other side (the
    roles a statement is about) and is not part of the entry's state: its
    rows are saved when the entry is deleted, and only recovering the entry
    puts them back.
    """

    def __init__(self, model, attr=None, back=None, generic=False, to=None):
        self.model, self.attr, self.back, self.generic, self.to = model, attr, back, generic, to

    @property
    def shared(self):
        return self.to is not None

    def rows(self, entry):
        if self.attr:
            return getattr(entry, self.attr).all()
        return self.model._default_manager.filter(**{self.back: entry.pk})

    def belongs(self, candidate, owner):
        """Whether the version `candidate` is a row of the entry version `owner`."""
        if self.back:
            return str(candidate._local_field_dict[self.back]) == owner.object_id
        if self.generic:
            fields = candidate._local_field_dict
            return (
                fields["content_type_id"] == owner.content_type_id
                and str(fields["object_id"]) == owner.object_id
            )
        return str(owner._local_field_dict[self.to]) == candidate.object_id


def _through(model, field_name):
    return model._meta.get_field(field_name).remote_field.through


def _name_through(model, field_name, verbose_name, verbose_name_plural):
    """
    Readable names for the rows of an auto-created many-to-many table: they
    appear in the history, the compare view and the role's inline, where
    "CompanyExample_roles object (3)" would tell an editor nothing.
    """
    through = _through(model, field_name)
    source, target = (f.name for f in through._meta.fields if f.is_relation)
    through._meta.verbose_name = verbose_name
    through._meta.verbose_name_plural = verbose_name_plural
    through.__str__ = lambda row: f"{getattr(row, source)} – {getattr(row, target)}"
    return through


_name_through(Article, "authors", _l("auteur van artikel"), _l("auteurs van artikelen"))
_name_through(CompanyExample, "roles", _l("bedrijfsvoorbeeld van rol"), _l("bedrijfsvoorbeelden"))
for _field, _name in [
    ("roles", _l("uitspraak over rol")),
    ("competencies", _l("uitspraak over competentie")),
    ("team_structures", _l("uitspraak over teamstructuur")),
    ("companies", _l("uitspraak over bedrijf")),
]:
    _name_through(Statement, _field, _name, _l("uitspraken"))

# Django gives the target of a many-to-many field no accessor for the rows of
# the auto-created table; reversion needs one to follow them.
CompanyExampleRole = _through(CompanyExample, "roles")
Role.add_to_class(
    "company_example_links",
    property(lambda role: CompanyExampleRole._default_manager.filter(role=role)),
)

TAGS = Link(TaggedItem, "tagged_items", generic=True)

LINKS = {
    Person: [Link(_through(Article, "authors"), back="person_id")],
    Article: [TAGS],
    Level: [],
    Role: [
        Link(AlternativeTitle, "alternative_titles", back="role_id"),
        Link(RoleLevel, "role_levels", back="role_id"),
        Link(RoleCompetency, "role_competencies", back="role_id"),
        Link(RoleRelation, "relations_out", back="from_role_id"),
        Link(ResponsibilityGroup, "responsibility_groups", back="role_id"),
        Link(RoleSource, "rolesource_set", back="role_id"),
        Link(CompanyExampleRole, "company_example_links", back="role_id"),
        TAGS,
        Link(_through(Statement, "roles"), back="role_id"),
    ],
    Competency: [
        Link(CompetencySource, "competencysource_set", back="competency_id"),
        TAGS,
        Link(_through(Statement, "competencies"), back="competency_id"),
    ],
    TeamStructure: [
        Link(TeamPosition, "positions", back="team_structure_id"),
        Link(ResponsibilityGroup, "responsibility_groups", back="team_structure_id"),
        Link(TeamStructureSource, "teamstructuresource_set", back="team_structure_id"),
        TAGS,
        Link(_through(Statement, "team_structures"), back="teamstructure_id"),
    ],
    Company: [
        Link(CompanySource, "companysource_set", back="company_id"),
        TAGS,
        Link(_through(Statement, "companies"), back="company_id"),
    ],
    ResponsibilityGroup: [Link(Responsibility, "responsibilities", back="group_id")],
    Responsibility: [],
    CompanyExample: [],
    Statement: [TAGS],
    RoleSource: [],
    CompetencySource: [],
    TeamStructureSource: [],
    CompanySource: [],
    RoleLevel: [],
    AlternativeTitle: [],
    RoleCompetency: [],
    RoleRelation: [],
    TeamPosition: [],
    TaggedItem: [Link(Tag, "tag", to="tag_id")],
    Tag: [],
}
# The auto-created many-to-many tables whose rows are links above.
for _links in list(LINKS.values()):
    for _link in _links:
        LINKS.setdefault(_link.model, [])

for _model, _links in LINKS.items():
    if not reversion.is_registered(_model):
        reversion.register(
            _model,
            follow=[link.attr for link in _links if link.attr],
            # Tags are kept as TaggedItem rows (followed above); the manager
            # itself has nothing to serialize.
            exclude=["tags"],
        )


def ensure_content_types(using):
    """
    Versions refer to their model by content type. Django creates none for
    the auto-created many-to-many tables; create them with the others at
    migrate rather than halfway through an editor's save.
    """
    ContentType.objects.db_manager(using).get_for_models(*LINKS, for_concrete_models=True)


def _links(model):
    return LINKS.get(model, [])


def entry_versions(version, kept=False):
    """
    The versions in `version`'s revision that belong to its entry: the entry
    itself and, recursively, its rows. With `kept`, also the links that are
    only saved when the entry is deleted (see Link).
    """
    by_model = {}
    for candidate in version.revision.version_set.all():
        by_model.setdefault(candidate.content_type_id, []).append(candidate)
    found = {}
    todo = [version]
    while todo:
        owner = todo.pop()
        key = (owner.content_type_id, owner.object_id)
        if key in found:
            continue
        found[key] = owner
        for link in _links(owner._model):
            if not (link.attr or kept):
                continue
            content_type = ContentType.objects.get_for_model(link.model, for_concrete_model=True)
            todo.extend(
                candidate
                for candidate in by_model.get(content_type.pk, ())
                if link.belongs(candidate, owner)
            )
    return list(found.values())


def _current_rows(entry):
    """The entry and the rows it has now, recursively (what a version holds)."""
    seen = set()
    todo = [entry]
    while todo:
        obj = todo.pop()
        if obj in seen:
            continue
        seen.add(obj)
        for link in _links(type(obj)):
            if link.attr and not link.shared:
                rel = getattr(obj, link.attr)
                todo.extend(rel.all())
    return seen


def revert_entry(version):
    """
    Put the entry of `version` back as it was in that version, with its rows:
    rows it has now but did not have then are deleted, the others are saved
    as they were. Raises RevertError with a message for the editor when the
    database refuses (for instance: its slug is now used by another entry).
    """
    entry = version.object  # the entry as it is now, None when it was deleted
    # Links edited from the other side (a statement about this role) are not
    # part of the entry's state: only a recovery puts them back.
    versions = entry_versions(version, kept=entry is None)
    with transaction.atomic(using=version.db):
        # Version.object is the row as it is now, or None if it is gone.
        then = {v.object for v in versions} - {None}
        if entry is not None:
            gone = {}
            for obj in _current_rows(entry) - then:
                gone.setdefault(type(obj), []).append(obj)
            if gone:
                collector = Collector(using=version.db)
                for objs in gone.values():
                    collector.collect(objs)
                collector.delete()
        shared = {link.model for links in LINKS.values() for link in links if link.shared}
        _save_versions([v for v in versions if not (v._model in shared and v.object is not None)])


def _save_versions(versions):
    # A row can depend on another one that is saved later (a responsibility
    # on its group); save what can be saved and retry the rest.
    pending = list(versions)
    while pending:
        failed = []
        for v in pending:
            try:
                with transaction.atomic(using=v.db):
                    v.revert()
            except (IntegrityError, ObjectDoesNotExist):
                failed.append(v)
        if len(failed) == len(pending):
            raise RevertError(
                _(
                    "%(entry)s kan niet worden teruggezet: het botst met wat nu in de "
                    "database staat (bijvoorbeeld een slug die inmiddels door iets anders "
                    "wordt gebruikt, of een gekoppeld item dat niet meer bestaat)."
                )
                % {"entry": failed[0].object_repr}
            )
        pending = failed


def record_deletion(entry, user):
    """
    Save a last version of `entry` and its rows, as a revision of its own,
    before it is deleted: the history then says who deleted it and when, and
    the entry can be recovered with everything that belonged to it.
    """
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment(_("Verwijderd."))
        reversion.add_to_revision(entry)
        for link in _links(type(entry)):
            if not link.attr:
                for row in link.rows(entry):
                    reversion.add_to_revision(row)
