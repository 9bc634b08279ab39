"""
Words as the search index sees them, the same for the index and the query,
on every database.

A word is folded (lower case, accents off: "Creëert" -> "creeert"), Dutch
plurals the stemmer leaves alone are reduced ("strategieën", "organisaties",
"communities"), and then stemmed with Snowball's Dutch stemmer in its Porter
form, the algorithm of PostgreSQL's `dutch` configuration ("evangelisten" ->
"evangelist", "operationele" and "operationeel" -> "operationel"). Names
also give their adjacent words joined ("community manager" ->
"communitymanager"), so a compound or a hyphenated word finds them.

Highlighting escapes the text first and then puts <mark> around each word
whose stem is one the query looked for.
"""

import functools
import re
import unicodedata

import Stemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

STEMMER = Stemmer.Stemmer("dutch_porter")
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
MIN_PART = 4
# Words too common to tell entries apart; left out of the index and the query.
STOPWORDS = frozenset(
    """
    de het een en of van in op te ten voor met aan bij door naar om uit tot als
    dan dat die dit deze er is zijn was waren wordt worden werd niet ook maar nog
    wel al zo hun hij zij ze we wij je jij u ik mijn zich haar hem hen
    the a an of and or to in on for with
    """.split()
)
# Letters and digits; an apostrophe inside a word ("cv's") belongs to it.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Words joined by a hyphen or a slash form one compound as well.
JOINED = re.compile(r"[^\W_]+(?:[-/][^\W_]+)+")


# Only characters outside ASCII can be accents; the rest need no look.
NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def _unless_accent(match):
    return "" if unicodedata.combining(match.group()) else match.group()


def fold(text):
    """Lower case without accents: 'Creëren À' -> 'creeren a'."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return NOT_ASCII.sub(_unless_accent, decomposed).casefold()


def _plural(word):
    # Plurals Snowball's Dutch stemmer does not reduce.
    if word.endswith("ieen"):  # strategieën
        return word[:-2]
    if word.endswith("ities"):  # communities
        return word[:-3] + "y"
    if word.endswith("ies") and len(word) > 5:  # organisaties
        return word[:-1]
    if word.endswith(("ches", "shes")):  # coaches
        return word[:-2]
    return word


@functools.lru_cache(maxsize=100_000)
def stem(word):
    """The index term of one word, as `words()` gives it."""
    return STEMMER.stemWord(_plural(word.replace("'", "").replace("’", "")))


def words(text):
    """The folded words of `text`, stopwords included."""
    return WORD.findall(fold(text))


def terms(text):
    """The index terms of `text`: its stems, without stopwords."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def compound_words(text):
    """
    Two or three adjacent words joined: "social media team" gives
    "socialmedia", "mediateam" and "socialmediateam".
    """
    found = []
    folded = [w for w in words(text) if w not in STOPWORDS]
    for size in (2, 3):
        for start in range(len(folded) - size + 1):
            found.append("".join(folded[start : start + size]))
    return found


def compounds(text):
    """compound_words() as terms."""
    return [stem(w) for w in compound_words(text)]


def parts(text):
    """
    The ends of the long words of a name, as terms, so that a part of a
    compound finds it: "socialemediagoeroe" gives "goeroe" (and "social"),
    "kennismanager" gives "manager". Dutch writes compounds as one word; a
    dictionary of their parts would be the exact answer, the ends of at
    least MIN_PART letters are the simple one (they are only looked for
    as whole terms, so the ends that are not words cost space, not matches).
    """
    found = []
    for word in words(text):
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            found += [stem(word[:cut]), stem(word[cut:])]
    return found


def hyphenated(query):
    """Compounds written with a hyphen or slash: 'community-manager' -> ['communitymanager']."""
    return [stem("".join(words(m))) for m in JOINED.findall(fold(query))]


def clean_query(query):
    """The query as a reader may have typed it, made harmless: no NUL, bounded."""
    query = (query or "").replace("\x00", " ")[:MAX_QUERY_LENGTH]
    return " ".join(query.split())


def query_words(query):
    """The words of a query that count, at most MAX_QUERY_WORDS."""
    return [w for w in words(clean_query(query)) if w not in STOPWORDS][:MAX_QUERY_WORDS]


def trigrams(word):
    """pg_trgm's trigrams of one word: padded with two spaces before, one after."""
    padded = f"  {word} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def similarity(a, b):
    """pg_trgm's similarity() of two words: shared trigrams over all trigrams."""
    ta, tb = trigrams(a), trigrams(b)
    return len(ta & tb) / len(ta | tb) if ta or tb else 0.0


def sort_key(text):
    """
    A key that orders alike on every database: only a-z and 0-9, which every
    collation orders the same way.
    """
    return re.sub(r"[^a-z0-9]", "", fold(text))[:100]


# Highlighting ---------------------------------------------------------------


@functools.lru_cache(maxsize=100_000)
def term_of(word):
    """The term of one word as it stands in a text."""
    return stem(fold(word))


def _marked(word, stems, prefixes):
    term = term_of(word)
    return term in stems or any(term.startswith(p) for p in prefixes)


def highlight(value, stems, prefixes=()):
    """`value` escaped, with each word whose term is in `stems` in <mark>."""
    value = value or ""
    out, position = [], 0
    for match in WORD.finditer(value):
        if _marked(match.group(), stems, prefixes):
            start, end = match.span()
            out.append(escape(value[position:start]))
            out.append(f"<mark>{escape(value[start:end])}</mark>")
            position = end
    out.append(escape(value[position:]))
    return mark_safe("".join(out))


def has_match(value, stems, prefixes=()):
    return any(_marked(m.group(), stems, prefixes) for m in WORD.finditer(value or ""))


def excerpt(value, stems, width=220):
    """
    About `width` characters of `value` around its first match, cut at word
    boundaries and highlighted; text without a match is cut from its start.
    """
    value = " ".join((value or "").split())
    if len(value) <= width:
        return highlight(value, stems)
    first = next((m.start() for m in WORD.finditer(value) if _marked(m.group(), stems, ())), 0)
    start = max(0, first - width // 3)
    end = min(len(value), start + width)
    if start > 0:
        space = value.find(" ", start)
        start = space + 1 if 0 <= space < start + 30 else start
    if end < len(value):
        space = value.rfind(" ", start, end)
        end = space if space > start else end
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(value) else ""
    return mark_safe(f"{prefix}{highlight(value[start:end], stems)}{suffix}")
