"""
Search across every kind of entry.

Each searchable model's QuerySet mixes in SearchQuerySetMixin and names the
text it is found by; `Model.objects.published().search(q)` then works the same
everywhere. On PostgreSQL it is full-text search with the `dutch`
configuration over unaccented text, widened by trigram word similarity on the
names so a typo still finds the entry; elsewhere (SQLite) every word of the
query must occur in the accent-folded text.

On PostgreSQL the document is the stored `search_vector` of each row, kept
up to date by a trigger and served by a GIN index; the names are compared
through rolwijzer_unaccent(), which trigram GIN indexes serve (see
roles/migrations/0004_search_index.py). `search_fields` must describe the
same document as that migration: tests/test_search_index.py compares them.

The matching passage is highlighted in Python (`highlight`, `excerpt`): the
text is escaped first, and only then are <mark> elements put around the
words that match.
"""

import difflib
import re
import unicodedata

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVector,
    TrigramWordSimilarity,
)
from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import Aggregate, CharField, F, Func, Q, TextField, Transform, Value
from django.db.models.functions import Coalesce, Concat, Least
from django.utils.html import escape
from django.utils.safestring import mark_safe

SEARCH_CONFIG = "dutch"
# pg_trgm word similarity from which a word of the query counts as a
# (misspelt) match for a word in a name: "comunity" for "community".
TRIGRAM_THRESHOLD = 0.4
MAX_QUERY_LENGTH = 200
FOLD_FUNCTION = "rolwijzer_fold"


def fold(text):
    """Lower case without accents: 'Creëren' -> 'creeren'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def search_terms(query):
    """The words of a query, as typed (without punctuation), at most 10."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    return re.findall(r"\w[\w'-]*", query)[:10]


def _register_fold(sender, connection, **kwargs):
    # SQLite has no unaccent(); give it a deterministic Python function so the
    # fallback search is accent-insensitive too.
    if connection.vendor == "sqlite":
        connection.connection.create_function(FOLD_FUNCTION, 1, fold, deterministic=True)
    elif connection.vendor == "postgresql":
        # The `%>` operator, which the trigram indexes serve, compares with
        # this setting rather than with a number in the query.
        with connection.cursor() as cursor:
            cursor.execute("SET pg_trgm.word_similarity_threshold = %s", [str(TRIGRAM_THRESHOLD)])


connection_created.connect(_register_fold, dispatch_uid="rolwijzer_search_fold")


class Unaccent(Func):
    function = "UNACCENT"
    output_field = TextField()


class ImmutableUnaccent(Func):
    """unaccent() as the IMMUTABLE wrapper that the trigram indexes are built on."""

    function = "rolwijzer_unaccent"
    output_field = TextField()


@CharField.register_lookup
@TextField.register_lookup
class FoldedForIndex(Transform):
    """`name__rolwijzer_folded`: the expression the trigram indexes hold."""

    lookup_name = "rolwijzer_folded"
    function = "rolwijzer_unaccent"
    output_field = TextField()


class Fold(Func):
    function = FOLD_FUNCTION
    output_field = TextField()


class JoinedText(Aggregate):
    """All values of a related text column in one string, space separated."""

    function = "GROUP_CONCAT"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="STRING_AGG", **extra_context)


def text(expression):
    """A nullable text column as a string, so concatenation never yields NULL."""
    if isinstance(expression, str):
        expression = F(expression)
    return Coalesce(expression, Value(""), output_field=TextField())


class SearchQuerySetMixin:
    """
    `search_fields` maps weight ("A" most important .. "D") to field names or
    expressions; `search_name_fields` are the short names a reader might
    misspell. Querysets override `search_fields_for()` to add related text,
    such as the alternative titles of a role.
    """

    search_fields = {"A": ["name"], "B": ["description"]}
    search_name_fields = ["name"]

    def search_fields_for(self):
        return self.search_fields

    def search_name_expressions(self):
        return [text(f) for f in self.search_name_fields]

    def search_name_condition(self, word):
        """
        `word` is close to a word of one of the names, as `name %> word`: a
        condition the trigram indexes serve, unlike a similarity function.
        """
        condition = Q()
        for field in self.search_name_fields:
            condition |= Q(
                **{
                    f"{field}__rolwijzer_folded__trigram_word_similar": ImmutableUnaccent(
                        Value(word)
                    )
                }
            )
        return condition

    def search(self, query):
        terms = search_terms(query)
        if not terms:
            return self.none()
        if connections[self.db].vendor == "postgresql":
            return self._search_postgresql(query[:MAX_QUERY_LENGTH])
        return self._search_fallback(terms)

    def search_document(self):
        """The document as an expression, as the search_index migration stores it."""
        vector = None
        for weight, fields in self.search_fields_for().items():
            for field in fields:
                part = SearchVector(Unaccent(text(field)), config=SEARCH_CONFIG, weight=weight)
                vector = part if vector is None else vector + part
        return vector

    def _search_postgresql(self, query):
        vector = F("search_vector")
        search_query = SearchQuery(
            Unaccent(Value(query)), config=SEARCH_CONFIG, search_type="websearch"
        )
        matches = Q(search_vector=search_query)
        names = self.search_name_expressions()
        similarity = Value(0.0)
        if names:
            name_text = names[0] if len(names) == 1 else _joined(names)
            # Every word of the query must be close to a word of the name, so
            # "comunity manger" finds "Community manager" but "xyz manager"
            # does not find every manager.
            words = [t for t in search_terms(query) if len(t) >= 3] or search_terms(query)
            similarities = [
                TrigramWordSimilarity(Unaccent(Value(word)), Unaccent(name_text)) for word in words
            ]
            similarity = similarities[0] if len(similarities) == 1 else Least(*similarities)
            close = Q()
            for word in words:
                close &= self.search_name_condition(word)
            matches |= close
        # Filter first (on the indexes), rank the matches only.
        return (
            self.filter(matches)
            .annotate(
                search_rank=SearchRank(vector, search_query),
                search_similarity=similarity,
            )
            .order_by("-search_rank", "-search_similarity", "pk")
        )

    def _search_fallback(self, terms):
        parts = [text(f) for fields in self.search_fields_for().values() for f in fields]
        queryset = self.annotate(search_document=Fold(_joined(parts)))
        for term in terms:
            queryset = queryset.filter(search_document__contains=fold(term))
        return queryset


def _joined(expressions):
    """The expressions as one text, separated by spaces."""
    if len(expressions) == 1:
        return expressions[0]
    spaced = []
    for expression in expressions:
        if spaced:
            spaced.append(Value(" ", output_field=TextField()))
        spaced.append(expression)
    return Concat(*spaced, output_field=TextField())


# Highlighting ---------------------------------------------------------------

_WORD = re.compile(r"\w+", re.UNICODE)


def _matches(word, folded_terms):
    word = fold(word)
    for term in folded_terms:
        if term in word:
            return True
        if len(term) >= 4 and len(word) >= 4:
            # A stem or a typo: "communicatieve" for "communicatief",
            # "comunity" for "community".
            if word.startswith(term[:-1]) or term.startswith(word):
                return True
            if difflib.SequenceMatcher(None, word, term).ratio() >= 0.8:
                return True
    return False


def _match_spans(value, terms):
    folded_terms = [fold(t) for t in terms if len(t) > 1]
    if not folded_terms:
        return []
    return [m.span() for m in _WORD.finditer(value) if _matches(m.group(), folded_terms)]


def has_match(value, terms):
    return bool(_match_spans(value or "", terms))


def highlight(value, terms):
    """`value` escaped, with every word that matches a search term in <mark>."""
    value = value or ""
    out, position = [], 0
    for start, end in _match_spans(value, terms):
        out.append(escape(value[position:start]))
        out.append(f"<mark>{escape(value[start:end])}</mark>")
        position = end
    out.append(escape(value[position:]))
    return mark_safe("".join(out))


def excerpt(value, terms, width=220):
    """
    The passage of `value` around its first match, about `width` characters,
    cut at word boundaries and highlighted. Text without a match is cut from
    its start.
    """
    value = " ".join((value or "").split())
    if len(value) <= width:
        return highlight(value, terms)
    spans = _match_spans(value, terms)
    start = max(0, spans[0][0] - width // 3) if spans else 0
    end = min(len(value), start + width)
    if start > 0:
        space = value.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(value):
        space = value.rfind(" ", start, end)
        end = space if space > start else end
    passage = highlight(value[start:end], terms)
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(value) else ""
    return mark_safe(f"{prefix}{passage}{suffix}")
