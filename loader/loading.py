"""
Loading fixture files into the database (`manage.py load_articles`).

1. Read and check every file (loader/fixture_format.py), then check the
   files against each other and against the database: nothing is written
   unless all of it is valid.
2. Load what the database holds, one query per table, and compare it with
   what the files define: the plan says per entry or fact whether it is new,
   changed, unchanged, or in the database but no longer in its file.
3. Carry out the plan in one transaction with bulk queries, and record the
   history of every written row with django-reversion.
"""

from django.db import connection, transaction

from editorial.cache import knowledge_changed
from loader.constants import ANALYZE_AFTER_ROWS, MAX_PROBLEMS
from loader.fixture_format import (
    ALL_SECTIONS,
    ARTICLE,
    FixtureError,
)
from loader.history_writing import record_history
from loader.ownership import TAKE_FLAG, Ownership
from loader.planning import Plan, SourcePlan
from loader.reading import State, check_against_database, display_name, read_bundle
from loader.writing import Writer
from search import index as search_index


class Result:
    def __init__(self, plan, ownership, files, dry_run, prune):
        self.plan, self.ownership, self.files = plan, ownership, files
        self.dry_run, self.prune = dry_run, prune

    @property
    def changed(self):
        return self.plan.writes(self.prune) > 0

    @property
    def writes_anything(self):
        return self.changed or self.ownership.writes > 0


def history_comment(files, prune):
    names = [display_name(f) for f in files]
    shown = ", ".join(names[:5])
    if len(names) > 5:
        shown += f" and {len(names) - 5} more"
    return f"load_articles{' --prune' if prune else ''}: {shown}"


def load(paths, *, dry_run=False, prune=False, take_file_version=False, max_file_size):
    """
    Check the files at `paths` and, unless `dry_run`, bring the database in
    line with them. Raises FixtureError when anything is wrong, or when the
    load would overwrite work it does not own (loader/ownership.py; unless
    `take_file_version`); the database is then untouched.
    """
    bundle, problems = read_bundle(paths, max_file_size)
    state = State()
    problems += check_against_database(bundle, state)
    if problems:
        raise FixtureError(problems[:MAX_PROBLEMS], total=len(problems))
    plan = Plan(bundle, state)
    ownership = Ownership(plan, take_file_version)
    if ownership.problems:
        problems = ownership.problems
        raise FixtureError(problems[:MAX_PROBLEMS], total=len(problems))
    result = Result(plan, ownership, bundle.files, dry_run, prune)
    if dry_run or not result.writes_anything:
        return result
    comment = history_comment(bundle.files, prune)
    with transaction.atomic(), search_index.batch():
        writer = Writer(plan)
        doomed = writer.doomed() if prune else {}
        if doomed:
            # The last state of what is about to be deleted, so that an
            # editor can recover it from the history.
            record_history(doomed, comment + " (state before deleting)")
        writer.write()
        writer.prune(doomed)
        ownership.write(prune)
        taken = {}
        for section, pk, _key in ownership.overridden:
            taken.setdefault(section.model, set()).add(pk)
            writer.touched[section.model].discard(pk)
        if taken:
            record_history(
                taken, f"{comment} {TAKE_FLAG}: the file's version replaces a change in the admin"
            )
        record_history(writer.touched, comment)
        # Bulk writes send no signals: the index re-reads what was written.
        search_index.changed(writer.touched)
        # Bulk writes call no save(): every cached page is stale now.
        knowledge_changed()
    if plan.writes(prune) >= ANALYZE_AFTER_ROWS:
        analyze(writer.tables())
    return result


def analyze(tables):
    """
    Refresh the query planner's statistics of the tables a large load wrote.
    Until they are (autovacuum does it some minutes later on PostgreSQL,
    nothing does it on SQLite) the planner takes a table of thousands of
    rows for an empty one, and pages that join them take seconds.
    """
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"ANALYZE {quote(table)}")


# Reporting.

REPORT_ORDER = [ARTICLE, *[s for s in ALL_SECTIONS if s is not ARTICLE]]
MAX_DETAIL_LINES = 100


def _describe(section, key):
    if section.slugged:
        return key[0]
    parts = [f"{name}={value}" for name, value in zip(section.key, key, strict=False)]
    return " ".join(parts) + f" (article {key[-1]})"


def report(result, verbosity=1):
    """The lines to print for a load: (style name or None, text)."""
    plan, prune = result.plan, result.prune
    by_section = {p.section: p for p in plan.sections}
    parts = [by_section[s] for s in REPORT_ORDER] + [plan.sources]
    lines = [(None, f"Read {len(result.files)} file(s).")]
    gone = "deleted" if prune else "not in files"
    header = f"{'':24}{'created':>9}{'updated':>9}{'unchanged':>11}{gone:>14}"
    lines.append(("MIGRATE_HEADING", header))
    for part in parts:
        counts = (len(part.created), len(part.updated), part.unchanged, len(part.absent))
        if not any(counts):
            continue
        created, updated, unchanged, absent = counts
        lines.append((None, f"{part.label:24}{created:>9}{updated:>9}{unchanged:>11}{absent:>14}"))

    if result.dry_run or verbosity >= 2:
        details = []
        for part in parts:
            if isinstance(part, SourcePlan):
                details += [f"  + source: {s.name} {slug} <- {a}" for s, slug, a in part.created]
                continue
            details += [f"  + {part.label}: {_describe(part.section, i.key)}" for i in part.created]
            details += [
                f"  ~ {part.label}: {_describe(part.section, i.key)} ({', '.join(changed)})"
                for i, _row, changed in part.updated
            ]
        lines += [(None, d) for d in details[:MAX_DETAIL_LINES]]
        if len(details) > MAX_DETAIL_LINES:
            lines.append((None, f"  ... and {len(details) - MAX_DETAIL_LINES} more"))

    kept = [
        f"  {part.label}: {_describe(part.section, item.key)} ({', '.join(changed)}), changed {who}"
        for part in plan.sections
        for item, _row, changed, who in part.kept
    ]
    if kept:
        lines.append(
            (
                "WARNING",
                f"Kept {len(kept)} entr{'y' if len(kept) == 1 else 'ies'} as edited in the admin "
                "(their files did not change; export_articles brings the edits into the files):",
            )
        )
        lines += [(None, line) for line in kept[:MAX_DETAIL_LINES]]
    taken = result.ownership.overridden
    if taken:
        verb = "Would replace" if result.dry_run else "Replaced"
        lines.append(
            ("WARNING", f"{verb} {len(taken)} change(s) made in the admin with the file's version:")
        )
        lines += [
            (None, f"  {section.label}: {_describe(section, key)}")
            for section, _pk, key in taken[:MAX_DETAIL_LINES]
        ]

    facts_absent = []
    for part in parts:
        if isinstance(part, SourcePlan):
            facts_absent += [
                f"  source: {s.name} {slug} <- {article}" for s, _pk, slug, article in part.absent
            ]
        elif part.section.fact:
            facts_absent += [
                f"  {part.label}: {_describe(part.section, row.key(part.section))}"
                for row in part.absent
            ]
    if facts_absent:
        if prune:
            verb = "Would delete" if result.dry_run else "Deleted"
            lines.append(
                (
                    "WARNING",
                    f"{verb} {len(facts_absent)} fact(s) no longer in their article's file:",
                )
            )
        else:
            lines.append(
                (
                    "WARNING",
                    f"Kept {len(facts_absent)} fact(s) that are in the database but no longer in "
                    "their article's file (--prune deletes them):",
                )
            )
        lines += [(None, line) for line in facts_absent[:MAX_DETAIL_LINES]]
        if len(facts_absent) > MAX_DETAIL_LINES:
            lines.append((None, f"  ... and {len(facts_absent) - MAX_DETAIL_LINES} more"))

    total = lambda attr: sum(len(getattr(p, attr)) for p in parts)  # noqa: E731
    created, updated = total("created"), total("updated")
    deleted = len(facts_absent) if prune else 0
    summary = f"{created} created, {updated} updated, {deleted} deleted"
    if not result.changed:
        lines.append(
            ("SUCCESS", "Nothing changed (niets gewijzigd): the database matches the files.")
        )
    elif result.dry_run:
        lines.append(("NOTICE", f"Dry run: would write {summary}; nothing was written."))
    else:
        lines.append(("SUCCESS", f"Done: {summary}."))
    return lines
