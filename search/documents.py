"""
From the declarations (editorial/search.py) to index documents: which rows
of which kind a change touches, and the document of each public entry.

Everything is derived from the declared lookups and the models' own
`visible_through` and `_meta`: a document of kind K depends on the rows its
lookups cross and on whatever decides their visibility, so a change to any
of them re-reads the K entries concerned.
"""

from collections import defaultdict
from functools import cache

from django.db.models import Model, Prefetch

from editorial.search import kinds

from . import text
from .models import SearchDocument

MAX_PASSAGE = 2000


def flat(lookups):
    """visible_through with its alternatives spelled out."""
    for lookup in lookups:
        yield from (lookup if isinstance(lookup, tuple) else (lookup,))


def relation_path(model, lookup):
    """
    The relations `lookup` crosses from `model`, as [(name, field, target)],
    and the attribute it ends with (None when it ends at an entry).
    """
    path, current = [], model
    parts = lookup.split("__")
    for index, name in enumerate(parts):
        field = current._meta.get_field(name)
        if not field.is_relation:
            return path, "__".join(parts[index:])
        current = field.related_model
        path.append((name, field, current))
    return path, None


def is_multiple(field):
    return field.one_to_many or field.many_to_many


@cache
def dependencies():
    """{model: [(kind, lookup from the kind's model to that model)]}."""
    found = defaultdict(set)
    for kind in kinds():
        paths = set(flat(getattr(kind.model, "visible_through", ())))
        for lookup in kind.lookups:
            relations, _attr = relation_path(kind.model, lookup)
            if relations:
                prefix = "__".join(name for name, _field, _target in relations)
                paths.add(prefix)
                target = relations[-1][2]
                paths.update(f"{prefix}__{v}" for v in flat(getattr(target, "visible_through", ())))
        for path in paths:
            relations, _attr = relation_path(kind.model, path)
            for end in range(1, len(relations) + 1):
                target = relations[end - 1][2]
                if target is not kind.model:
                    lookup = "__".join(name for name, _field, _target in relations[:end])
                    found[target].add((kind, lookup))
    return {model: sorted(pairs, key=lambda p: (p[0].key, p[1])) for model, pairs in found.items()}


def kind_of(model):
    return next((kind for kind in kinds() if kind.model is model), None)


def watched_models():
    """Every model whose rows a document depends on."""
    return {kind.model for kind in kinds()} | set(dependencies())


def affected(model, pks):
    """{kind: {pk}} of the documents that rows `pks` of `model` take part in."""
    pks = list(pks)
    found = defaultdict(set)
    if not pks:
        return found
    own = kind_of(model)
    if own:
        found[own].update(pks)
    for kind, lookup in dependencies().get(model, ()):
        for start in range(0, len(pks), BATCH):
            found[kind].update(
                kind.model._default_manager.filter(**{f"{lookup}__in": pks[start : start + BATCH]})
                .values_list("pk", flat=True)
                .distinct()
            )
    return found


BATCH = 500


class Reader:
    """Reads the public entries of one kind with everything their documents show."""

    def __init__(self, kind):
        self.kind = kind
        self.forward = {}  # lookup of a foreign key chain -> its target model
        self.prefetches = {}
        for lookup in kind.lookups + list(flat(getattr(kind.model, "visible_through", ()))):
            relations, _attr = relation_path(kind.model, lookup)
            if not relations:
                continue
            if is_multiple(relations[0][1]):
                name, _field, target = relations[0]
                rest = "__".join(n for n, _f, _t in relations[1:])
                rows = target.objects.public()
                self.prefetches[name] = Prefetch(
                    name, queryset=rows.select_related(rest) if rest else rows
                )
            else:
                chain = "__".join(name for name, _field, _target in relations)
                self.forward[chain] = relations[-1][2]

    def rows(self, pks):
        queryset = self.kind.model.objects.public().filter(pk__in=pks)
        if self.forward:
            queryset = queryset.select_related(*self.forward)
        return list(queryset.prefetch_related(*self.prefetches.values()))

    def public_targets(self, rows):
        """{chain: ids of its targets that are public}, one query per chain."""
        found = {}
        for chain, target in self.forward.items():
            ids = {getattr(self.follow(row, chain), "pk", None) for row in rows} - {None}
            found[chain] = set(
                target.objects.public().filter(pk__in=ids).values_list("pk", flat=True)
            )
        return found

    @staticmethod
    def follow(row, chain):
        for name in chain.split("__"):
            row = getattr(row, name, None)
            if row is None:
                return None
        return row

    def values(self, row, lookup, public):
        """The values `lookup` gives for `row`, as a list, reader-visible only."""
        relations, attr = relation_path(self.kind.model, lookup)
        if not relations:
            value = getattr(row, attr)
            return [value] if value not in (None, "") else []
        if is_multiple(relations[0][1]):
            items = list(getattr(row, relations[0][0]).all())
            rest = [name for name, _field, _target in relations[1:]]
            items = [self.follow(item, "__".join(rest)) if rest else item for item in items]
        else:
            chain = "__".join(name for name, _field, _target in relations)
            target = self.follow(row, chain)
            items = [target] if target is not None and target.pk in public[chain] else []
        if attr:
            items = [getattr(item, attr) for item in items]
        return [item for item in items if item not in (None, "")]

    def documents(self, pks):
        rows = self.rows(pks)
        public = self.public_targets(rows)
        return [self.document(row, public) for row in rows]

    def document(self, row, public):
        kind = self.kind

        def values(lookups):
            return [v for lookup in lookups for v in self.values(row, lookup, public)]

        title = values([kind.title])[0] if kind.title else ""
        aliases = [
            a for a in dict.fromkeys(values(kind.aliases)) if text.fold(a) != text.fold(title)
        ]
        summary, body = values(kind.summary), values(kind.body)
        shown = title or (summary[0] if summary else str(row))
        passage = [v for v in summary + body if v is not shown]
        context = []
        for position, (_label, lookup) in enumerate(kind.context):
            found = values([lookup])
            if found:
                context.append([position, ", ".join(str(v) for v in found)])
        badges = []
        if kind.badges:
            levels = {
                level.pk: level for level in values([kind.badges]) if isinstance(level, Model)
            }
            badges = [
                {
                    "order": level.order,
                    "slug": level.slug,
                    "name": level.name,
                    "url": level.get_absolute_url(),
                }
                for level in sorted(levels.values(), key=lambda level: level.order)
            ]
        title_terms = text.terms(title) + text.compounds(title)
        alias_terms = [t for alias in aliases for t in text.terms(alias) + text.compounds(alias)]
        # Parts of compounds count as other names: below the words themselves.
        alias_terms += [t for name in [title, *aliases] for t in text.parts(name)]
        return SearchDocument(
            kind=kind.key,
            object_id=row.pk,
            url=row.get_absolute_url(),
            title=shown[:500],
            aliases=aliases,
            passage=" ".join(passage)[:MAX_PASSAGE],
            context=context,
            badges=badges,
            title_terms=" ".join(title_terms),
            alias_terms=" ".join(alias_terms),
            summary_terms=" ".join(t for v in summary for t in text.terms(v)),
            body_terms=" ".join(t for v in body for t in text.terms(v)),
            title_length=min(len(text.terms(shown)), 32767),
            sort_key=text.sort_key(shown),
        )


@cache
def reader(kind):
    return Reader(kind)
