"""
What each kind of entry is found by, stated in the kind's one declaration
(editorial/kinds.py `declare(..., search=searched(...))`). The search app builds one index
document per public entry from these declarations and keeps it current; the
model says what is searched, the search app how.

Every field is a lookup from the entry, as in a queryset filter:

- `title`: the entry's name, weighted highest;
- `aliases`: other names (a role's alternative titles), weighted next;
- `summary`, `body`: the text, summary above body;
- `context`: (label, lookup) pairs that say where a result belongs (a
  task's role, a statement's speaker and article), shown beside it;
- `badges`: a lookup to the levels shown on the result;
- `order`: where the kind comes when results of several kinds match as well.

A lookup that crosses a relation to many rows ("alternative_titles__title")
takes only the rows that are public; one that follows a foreign key
("said_by__name") is shown only while that entry is public.
"""

KINDS = {}


class SearchKind:
    def __init__(
        self,
        model,
        key,
        label,
        *,
        title,
        aliases=(),
        summary=(),
        body=(),
        context=(),
        badges=None,
        order=100,
    ):
        self.model, self.key, self.label = model, key, label
        self.title, self.aliases, self.summary, self.body = title, aliases, summary, body
        self.context, self.badges, self.order = context, badges, order

    @property
    def lookups(self):
        """Every lookup the document reads."""
        found = [self.title, *self.aliases, *self.summary, *self.body]
        found += [lookup for _key, lookup in self.context]
        if self.badges:
            found.append(self.badges)
        return [lookup for lookup in found if lookup]

    def __repr__(self):
        return f"<SearchKind {self.key}>"


def register(model, key, label, **fields):
    """Declare `model` searchable, under `key` (its filter in the search page)."""
    KINDS[key] = SearchKind(model, key, label, **fields)


def searched(key, label, **fields):
    """
    What a kind is found by, as its declaration states it
    (`declare(..., search=searched("roles", _("Rollen"), title="name"))`).
    """
    return lambda model: register(model, key, label, **fields)


def kinds():
    """The declared kinds, in the order the search page lists them."""
    return sorted(KINDS.values(), key=lambda kind: kind.order)
