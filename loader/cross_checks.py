"""
Checks of facts against each other across files and the database, for the
facts that refer to one another by slug (a position answering a position):
what no single file can show.
"""

from loader.fixture_format import ALL_SECTIONS, REF, SINGULAR, Problem


def check_unique_across_files(bundle, state):
    """
    A unique constraint of a fact with a slug that is not per source (a
    position's order in its debate) can be broken by two files together:
    said here, with both places, instead of by the database while writing.
    """
    problems = []
    for section in ALL_SECTIONS:
        if not (section.fact and section.slugged):
            continue
        key_of = {f.attr: f.key for f in section.fields}
        for constraint in section.model._meta.constraints:
            fields = getattr(constraint, "fields", ())
            if not fields or "source" in fields or not set(fields) <= set(key_of):
                continue
            keys = [key_of[name] for name in fields]
            taken = {}
            for (slug,), row in state.rows[section.name].items():
                if (slug,) not in bundle.facts[section.name]:
                    taken[tuple(row.values[k] for k in keys)] = f"the database ({slug})"
            for item in bundle.facts[section.name].values():
                values = tuple(item.values[k] for k in keys)
                if values in taken:
                    problems.append(
                        Problem(
                            item.file,
                            item.where,
                            f"{' and '.join(keys)} {values} also belong to {taken[values]}; "
                            "give another value (a row no longer in its file: delete it first)",
                        )
                    )
                else:
                    taken[values] = f"{item.file} ({item.where})"
    return problems


def check_replies(bundle, state):
    """
    A fact that refers to another of its own section (a position answering a
    position) stays within the entry its model names in `replies_within`
    (the debate): the answered row may come from another file or the database.
    """
    problems = []
    for section in ALL_SECTIONS:
        within = getattr(section.model, "replies_within", None)
        if not within or not section.slugged:
            continue
        answer = next(f for f in section.fields if f.kind == REF and f.target == section.name)
        owner_of = {key[0]: row.values[within] for key, row in state.rows[section.name].items()}
        owner_of.update(
            {key[0]: item.values[within] for key, item in bundle.facts[section.name].items()}
        )
        for item in bundle.facts[section.name].values():
            answered = item.values[answer.key]
            if answered is None or answered not in owner_of:
                continue
            if owner_of[answered] != item.values[within]:
                problems.append(
                    Problem(
                        item.file,
                        item.where,
                        f"'{answer.key}' names the {SINGULAR[section.name]} '{answered}' of the "
                        f"{within} '{owner_of[answered]}'; it can only answer one of the same "
                        f"{within} '{item.values[within]}'",
                    )
                )
    return problems
