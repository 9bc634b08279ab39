"""
Step 2c of a load: whose work an entry is.

For every entry and fact it wrote, the loader keeps which files define it and
a fingerprint of the values they gave (loader.models.LoadedEntry). Comparing
the row as it is now with that fingerprint tells whether an editor changed
it in the admin since; the history (django-reversion) says who and when.

A load is refused, before anything is written, when it would

- change an entry that a file outside this run defines as well (that file
  would then define it differently);
- take over an entry made in the admin (which also covers publishing a
  draft an editor made with the same slug);
- overwrite what an editor changed in the admin since the last load, when
  the file changes it too.

Each refusal names the file, the entry, who changed it and when, and what to
do: `export_articles` first to bring the admin's version into the files, or
`--take-file-version`, whose overwrites are recorded in the history as such.
An entry edited in the admin whose file did not change is left as the editor
left it, and the load says so.
"""

import datetime
import hashlib
import json
import os

from django.utils import timezone
from reversion.models import Version

from loader.constants import BATCH_SIZE
from loader.fixture_format import ARTICLE, Problem
from loader.models import LoadedEntry
from loader.planning import desired_values
from loader.reading import origin_of

TAKE_FLAG = "--take-file-version"
WHAT_TO_DO = (
    "Run export_articles first to bring that version into the files, or load with "
    f"{TAKE_FLAG} to replace it with the file's (recorded in the history as such)"
)
LOAD_COMMENT = "load_articles"


def key_text(key):
    """An entry's key (its slug, or a fact's linked entries and article) as stored."""
    return json.dumps(list(key), ensure_ascii=False, default=str)


def _canonical(value):
    if isinstance(value, frozenset | set | list | tuple):
        return sorted(_canonical(v) for v in value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def fingerprint(values):
    """A digest of an entry's values in the shape of a Row's (equal values, equal digest)."""
    text = json.dumps(
        {key: _canonical(value) for key, value in values.items()},
        sort_keys=True,
        ensure_ascii=False,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def last_change(model, pk):
    """Who last changed a row and when, from its history, in words."""
    version = (
        Version.objects.get_for_object_reference(model, pk).select_related("revision__user").first()
    )
    if version is None:
        return "without a history entry"
    revision = version.revision
    when = timezone.localtime(revision.date_created).strftime("%Y-%m-%d %H:%M")
    if revision.comment.startswith(LOAD_COMMENT):
        return f"outside the admin, without a history entry (last loaded {when})"
    user = revision.user.get_username() if revision.user else "an unknown user"
    return f"by {user} on {when}"


class Ownership:
    """What a plan does to work the loader does not own; call before writing."""

    def __init__(self, plan, take_file_version=False):
        self.plan, self.take = plan, take_file_version
        self.problems = []
        self.overridden = []  # (section, pk, key): the file's version replaces the admin's
        self.new_records = []
        self.changed_records = []
        self.forgotten = []  # (section name, key text) of facts --prune deletes
        self.records = {
            (section, key): record
            for section, key, record in (
                (r.section, r.key, r) for r in LoadedEntry.objects.order_by().iterator(2000)
            )
        }
        self.now = timezone.now()
        for part in plan.sections:
            self._check(part)

    @property
    def writes(self):
        return len(self.new_records) + len(self.changed_records)

    def _definers(self, item):
        section = item.section
        if section is ARTICLE:
            return {item.slug: os.path.basename(item.file)}
        if section.fact:
            return {origin_of(item): os.path.basename(item.file)}
        items = self.plan.bundle.definitions[section.name][item.slug]
        return {origin_of(i): os.path.basename(i.file) for i in items}

    def _check(self, part):
        section = part.section
        rows = self.plan.state.rows[section.name]
        updated = {id(item): (item, row, changed) for item, row, changed in part.updated}
        keep_updating = []
        for item in self.plan.desired(section):
            key = key_text(item.key)
            record = self.records.get((section.name, key))
            row = rows.get(item.key)
            wanted = desired_values(item)
            file_print = fingerprint(wanted)
            definers = self._definers(item)
            if record is not None:
                outside = {
                    origin: file
                    for origin, file in record.defined_by.items()
                    if origin not in self.plan.bundle.origins
                }
                definers = {**outside, **definers}
            update = updated.get(id(item))
            if row is None or update is None:
                # New, or the same as the files: the loader owns it from now on.
                self._record(section, key, record, file_print, definers)
                continue
            now_print = fingerprint({k: row.values[k] for k in wanted})
            changed = update[2]
            fields = ", ".join(k for k in changed if not k.startswith("_")) or "its article"
            if record is None:
                publishes = " (loading would publish the draft)" if _publishes(row, wanted) else ""
                self._refuse_or_take(
                    item,
                    row,
                    f"was made in the admin{publishes}, not by a file, "
                    f"last changed {last_change(section.model, row.pk)}; the file would change "
                    f"{fields}. {WHAT_TO_DO}",
                )
            elif now_print != record.fingerprint:
                if file_print == record.fingerprint:
                    # Edited in the admin; the file did not change: keep the edit.
                    who = last_change(section.model, row.pk)
                    part.kept.append((item, row, changed, who))
                    self._record(section, key, record, record.fingerprint, definers)
                    continue
                loaded = ", ".join(sorted(set(record.defined_by.values())))
                self._refuse_or_take(
                    item,
                    row,
                    f"was changed in the admin {last_change(section.model, row.pk)}, after "
                    f"{loaded} was last loaded, and the file changes it too ({fields}). "
                    f"{WHAT_TO_DO}",
                )
            elif outside:
                self._refuse_or_take(
                    item,
                    row,
                    f"is also defined by {', '.join(sorted(set(outside.values())))}, which this "
                    f"run does not load, and this file defines it differently ({fields}): load "
                    f"those files too, which must then agree, or use {TAKE_FLAG} to take this "
                    "file's version",
                )
            keep_updating.append(update)
            self._record(section, key, record, file_print, definers)
        part.updated = keep_updating
        if section.fact:
            self.forgotten += [(section.name, key_text(row.key(section))) for row in part.absent]

    def _refuse_or_take(self, item, row, reason):
        if self.take:
            self.overridden.append((item.section, row.pk, item.key))
        else:
            self.problems.append(Problem(item.file, item.where, reason))

    def _record(self, section, key, record, file_print, definers):
        if record is None:
            record = LoadedEntry(
                section=section.name,
                key=key,
                fingerprint=file_print,
                defined_by=definers,
                loaded_at=self.now,
            )
            self.records[(section.name, key)] = record
            self.new_records.append(record)
        elif record.fingerprint != file_print or record.defined_by != definers:
            record.fingerprint, record.defined_by, record.loaded_at = (
                file_print,
                definers,
                self.now,
            )
            self.changed_records.append(record)

    def write(self, prune):
        """Save what the loader now owns; call inside the load's transaction."""
        LoadedEntry.objects.bulk_create(self.new_records, batch_size=BATCH_SIZE)
        LoadedEntry.objects.bulk_update(
            self.changed_records,
            ["fingerprint", "defined_by", "loaded_at"],
            batch_size=BATCH_SIZE,
        )
        if prune:
            for section_name in {name for name, _key in self.forgotten}:
                keys = [key for name, key in self.forgotten if name == section_name]
                for start in range(0, len(keys), BATCH_SIZE):
                    LoadedEntry.objects.filter(
                        section=section_name, key__in=keys[start : start + BATCH_SIZE]
                    ).delete()


def _publishes(row, wanted):
    return row.values.get("status") == "draft" and wanted.get("status") == "published"
