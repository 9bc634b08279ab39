"""
What the synthetic knowledge base is made of: proportions counted in the
fixtures, and text from their own Dutch vocabulary (see generate_synthetic).
"""

import bisect
import itertools
import re
from collections import Counter, defaultdict
from pathlib import Path

import yaml

PREFIX = "syn-"

# Entries per article, as the issue sets them.
ROLES_PER_ARTICLE = 0.1
COMPETENCIES_PER_ARTICLE = 0.03
STATEMENTS_PER_ARTICLE = 10

# Used only when the fixtures directory holds no article file; close to the
# five real articles.
DEFAULT_PROFILE = {
    "people_per_article": 4.0,
    "authors_per_article": 1.0,
    "tags_per_article": 3.0,
    "distinct_tags": 60,
    "taggings": 150,
    "teams_per_role": 0.4,
    "companies_per_role": 0.6,
    "sources_per_entry": 1.2,
    "role_levels_per_role": 1.2,
    "alternative_titles_per_role": 1.0,
    "role_competencies_per_role": 5.0,
    "role_relations_per_role": 1.5,
    "groups_per_role": 0.5,
    "groups_per_team": 0.7,
    "responsibilities_per_group": 4.0,
    "positions_per_team": 4.0,
    "examples_per_company": 1.0,
    "roles_per_example": 1.5,
    "example_team_share": 0.4,
    "statement_roles": 0.8,
    "statement_competencies": 0.4,
    "statement_teams": 0.2,
    "statement_companies": 0.2,
    "statement_tags": 1.0,
    "role_tags": 2.0,
    "competency_tags": 1.0,
    "team_tags": 1.0,
    "company_tags": 1.0,
    "said_by_share": 0.6,
    "in_comment_share": 0.3,
    "quote_share": 0.2,
    "said_on_share": 0.3,
    "published_on_share": 0.8,
    "responsibility_level_share": 0.3,
    "lead_share": 0.25,
    "outside_share": 0.15,
}

FALLBACK_TEXT = (
    "De community manager bouwt een actieve gemeenschap rond het merk en zorgt dat klanten "
    "en medewerkers elkaar vinden. Een goede conversation manager luistert eerst naar wat er "
    "online over de organisatie gezegd wordt en reageert pas daarna. Het sociale intranet "
    "vraagt om een coach die collega's helpt kennis te delen en samen te werken. De "
    "organisatie kiest een teamstructuur die past bij haar grootte en bij de fase van "
    "integratie van sociale media. Strategisch denken, communicatieve vaardigheden en "
    "analytisch vermogen zijn belangrijke competenties voor deze rollen."
)

WORD = re.compile(r"[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ'’-]*[.,;:?!]?")
TEXT_KEYS = {
    "summary",
    "description",
    "text",
    "note",
    "explanation",
    "title",
    "name",
    "affiliation",
    "quote",
}


def _as_list(value):
    return value if isinstance(value, list) else []


def _read_fixtures(directory):
    documents = []
    for path in sorted(Path(directory).glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle) or {}
        if isinstance(data, dict):
            documents.append(data)
    return documents


def profile_from_fixtures(documents):
    """
    Average links per entry in the real knowledge base. Entries defined in
    several files are counted once; each defining article is one source.
    """
    articles = [d["article"] for d in documents if isinstance(d.get("article"), dict)]
    if not articles:
        return dict(DEFAULT_PROFILE), False

    unique = defaultdict(dict)
    definitions = Counter()
    facts = defaultdict(list)
    for doc in documents:
        for kind in ("people", "roles", "competencies", "team_structures", "companies"):
            for entry in _as_list(doc.get(kind)):
                if isinstance(entry, dict) and entry.get("slug"):
                    unique[kind].setdefault(entry["slug"], entry)
                    if kind != "people" and doc.get("article"):
                        definitions[kind] += 1
        for kind in (
            "role_levels",
            "alternative_titles",
            "role_competencies",
            "role_relations",
            "responsibility_groups",
            "team_positions",
            "company_examples",
            "statements",
        ):
            facts[kind].extend(e for e in _as_list(doc.get(kind)) if isinstance(e, dict))

    def ratio(numerator, denominator, default):
        return numerator / denominator if denominator else default

    d = DEFAULT_PROFILE
    n_articles = len(articles)
    roles = len(unique["roles"])
    teams = len(unique["team_structures"])
    companies = len(unique["companies"])
    groups = facts["responsibility_groups"]
    statements = facts["statements"]
    examples = facts["company_examples"]
    positions = facts["team_positions"]
    responsibilities = [r for g in groups for r in _as_list(g.get("responsibilities"))]
    all_facts = [f for kind in facts.values() for f in kind]
    defined = sum(len(unique[k]) for k in ("roles", "competencies", "team_structures", "companies"))
    all_tags = set()
    taggings = 0
    for doc in documents:
        for entry in [doc.get("article") or {}] + [
            e
            for k in ("roles", "competencies", "team_structures", "companies", "statements")
            for e in _as_list(doc.get(k))
            if isinstance(e, dict)
        ]:
            all_tags.update(str(t).lower() for t in _as_list(entry.get("tags")))
            taggings += len(_as_list(entry.get("tags")))

    def tags_per(kind):
        entries = unique[kind].values()
        return ratio(sum(len(_as_list(e.get("tags"))) for e in entries), len(entries), 1.0)

    def share(items, test, default):
        items = list(items)
        return ratio(sum(1 for i in items if test(i)), len(items), default)

    profile = {
        "people_per_article": ratio(len(unique["people"]), n_articles, d["people_per_article"]),
        "authors_per_article": ratio(
            sum(len(_as_list(a.get("authors"))) for a in articles), n_articles, 1.0
        ),
        "tags_per_article": ratio(
            sum(len(_as_list(a.get("tags"))) for a in articles), n_articles, 1.0
        ),
        "distinct_tags": len(all_tags),
        "taggings": taggings,
        "teams_per_role": ratio(teams, roles, d["teams_per_role"]),
        "companies_per_role": ratio(companies, roles, d["companies_per_role"]),
        "sources_per_entry": ratio(sum(definitions.values()), defined, 1.0),
        "role_levels_per_role": ratio(len(facts["role_levels"]), roles, 1.0),
        "alternative_titles_per_role": ratio(len(facts["alternative_titles"]), roles, 0.0),
        "role_competencies_per_role": ratio(len(facts["role_competencies"]), roles, 0.0),
        "role_relations_per_role": ratio(len(facts["role_relations"]), roles, 0.0),
        "groups_per_role": ratio(sum(1 for g in groups if g.get("role")), roles, 0.0),
        "groups_per_team": ratio(sum(1 for g in groups if g.get("team_structure")), teams, 0.0),
        "responsibilities_per_group": ratio(len(responsibilities), len(groups), 0.0),
        "positions_per_team": ratio(len(positions), teams, 0.0),
        "examples_per_company": ratio(len(examples), companies, 0.0),
        "roles_per_example": ratio(
            sum(len(_as_list(e.get("roles"))) for e in examples), len(examples), 0.0
        ),
        "example_team_share": share(examples, lambda e: e.get("team_structure"), 0.0),
        "statement_roles": ratio(
            sum(len(_as_list(s.get("roles"))) for s in statements), len(statements), 0.0
        ),
        "statement_competencies": ratio(
            sum(len(_as_list(s.get("competencies"))) for s in statements), len(statements), 0.0
        ),
        "statement_teams": ratio(
            sum(len(_as_list(s.get("team_structures"))) for s in statements), len(statements), 0
        ),
        "statement_companies": ratio(
            sum(len(_as_list(s.get("companies"))) for s in statements), len(statements), 0.0
        ),
        "statement_tags": ratio(
            sum(len(_as_list(s.get("tags"))) for s in statements), len(statements), 0.0
        ),
        "role_tags": tags_per("roles"),
        "competency_tags": tags_per("competencies"),
        "team_tags": tags_per("team_structures"),
        "company_tags": tags_per("companies"),
        "said_by_share": share(all_facts, lambda f: f.get("said_by"), d["said_by_share"]),
        "in_comment_share": share(statements, lambda s: s.get("in_comment"), 0.0),
        "quote_share": share(statements, lambda s: s.get("quote"), 0.0),
        "said_on_share": share(statements, lambda s: s.get("said_on"), 0.0),
        "published_on_share": share(articles, lambda a: a.get("published_on"), 0.0),
        "responsibility_level_share": share(responsibilities, lambda r: r.get("level"), 0.0),
        "lead_share": share(positions, lambda p: p.get("lead"), 0.0),
        "outside_share": share(positions, lambda p: p.get("placement") == "outside", 0.0),
    }
    return profile, True


def _texts(value):
    """Every prose string in a parsed fixture file."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key in TEXT_KEYS and isinstance(item, str):
                yield item
            else:
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


class Vocabulary:
    """Word pairs of the real text, for sentences that read like Dutch prose."""

    def __init__(self, documents, rng):
        self.rng = rng
        corpus = list(itertools.chain.from_iterable(_texts(d) for d in documents))
        if sum(len(t) for t in corpus) < 2000:
            corpus.append(FALLBACK_TEXT)
        self.following = defaultdict(list)
        self.starts = []
        words = Counter()
        for text in corpus:
            tokens = WORD.findall(text)
            previous = None
            for token in tokens:
                if previous is None or previous[-1] in ".?!":
                    self.starts.append(token)
                else:
                    self.following[previous].append(token)
                previous = token
                bare = token.strip(".,;:?!'’-").lower()
                if len(bare) > 3:
                    words[bare] += 1
        self.words = [w for w, _ in words.most_common()]
        self.starts = self.starts or self.words[:50]
        names = []
        for doc in documents:
            for person in _as_list(doc.get("people")):
                if isinstance(person, dict) and person.get("name"):
                    names.append(person["name"].split())
        self.first_names = sorted({n[0] for n in names if len(n) > 1}) or [
            "Anne",
            "Bram",
            "Eva",
            "Joost",
            "Sanne",
            "Wouter",
        ]
        self.last_names = sorted({" ".join(n[1:]) for n in names if len(n) > 1}) or [
            "de Vries",
            "Jansen",
            "Bakker",
            "Visser",
        ]
        self.role_nouns = ["manager", "coach", "adviseur", "specialist", "strateeg", "redacteur"]
        for doc in documents:
            for role in _as_list(doc.get("roles")):
                if isinstance(role, dict) and role.get("name"):
                    self.role_nouns.append(role["name"].split()[-1].lower())
        self.role_nouns = sorted(set(self.role_nouns))

    def word(self):
        return self.rng.choice(self.words)

    def sentence(self, low=8, high=22):
        length = self.rng.randint(low, high)
        token = self.rng.choice(self.starts)
        out = [token]
        while len(out) < length:
            options = self.following.get(token)
            if not options or token[-1] in ".?!":
                token = self.rng.choice(self.starts)
            else:
                token = self.rng.choice(options)
            out.append(token)
        text = " ".join(out).rstrip(",;:")
        if text[-1] not in ".?!":
            text += "."
        return text[0].upper() + text[1:]

    def paragraph(self, sentences):
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self, low=3, high=8):
        return self.sentence(low, high).rstrip(".?!").strip(".,;:")

    def name(self, words=2):
        text = " ".join(self.word() for _ in range(words))
        return text[0].upper() + text[1:]

    def role_name(self):
        return f"{self.word().capitalize()} {self.rng.choice(self.role_nouns)}"

    def person_name(self):
        return f"{self.rng.choice(self.first_names)} {self.rng.choice(self.last_names)}"


class Zipf:
    """Draws items so the k-th most popular is drawn about 1/k as often."""

    def __init__(self, items, rng, exponent=1.0):
        self.items = list(items)
        self.rng = rng
        self.cumulative = list(
            itertools.accumulate(1 / (rank**exponent) for rank in range(1, len(self.items) + 1))
        )

    def distinct(self, count, exclude=None):
        count = min(count, len(self.items) - (1 if exclude is not None else 0))
        chosen = []
        seen = {exclude}
        total = self.cumulative[-1] if self.cumulative else 0
        attempts = 0
        while len(chosen) < count and attempts < count * 20:
            attempts += 1
            item = self.items[bisect.bisect_left(self.cumulative, self.rng.random() * total)]
            if item not in seen:
                seen.add(item)
                chosen.append(item)
        return chosen
