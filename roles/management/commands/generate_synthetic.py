"""
Fill a database with a large synthetic knowledge base, scaled from the real
one, to measure Rolwijzer at the size an organisation reaches after loading
thousands of articles.

Scale. The issue sets the number of entries per article (at 10 000 articles:
1 000 roles, 300 competencies, 100 000 statements); the real five articles
are far denser in roles than a grown knowledge base, where most articles
mention roles that already exist. Everything else follows the fixtures:
people, team structures and companies in the fixtures' proportion to
articles or roles, and every kind of link (levels, alternative titles,
competencies, relations, responsibilities, positions, examples, the roles and
competencies a statement is about, tags, sources, who said it) with the
fixtures' average per entry. `profile_from_fixtures()` counts them in the
YAML files at run time; `DEFAULT_PROFILE` holds fallback ratios for a checkout
without article files. The number of distinct tags follows Heaps' law (the
square root of the number of taggings, from the fixtures' count), as a
vocabulary does. Popular targets (a competency many roles need, a tag
many statements carry) are chosen with a Zipf distribution, as in real
collections, so some detail and tag pages get very long.

Text. Titles, summaries and statements are random walks over the word pairs
of the fixtures' own Dutch text, so full-text search meets a realistic
vocabulary, stems and word frequencies.

Safety. Synthetic rows are marked by the slug prefix `syn-` (tags too). The
command refuses to touch a database that already holds real entries unless
--force is given, refuses to add a second synthetic set unless --reset is
given (which first deletes every synthetic row), writes inside one
transaction, and never writes to the fixture files.
"""

import bisect
import itertools
import random
import re
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import Article, Person, Status
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    CompanySource,
    Competency,
    CompetencySource,
    Importance,
    Level,
    Placement,
    RelationKind,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    RoleSource,
    Statement,
    StatementKind,
    TeamPosition,
    TeamStructure,
    TeamStructureSource,
)

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


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic knowledge base of --articles N articles, scaled "
        "from the fixtures (slugs start with 'syn-'). Refuses a database with real entries "
        "unless --force; --reset first deletes earlier synthetic rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="Number of articles.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--fixtures",
            default=str(Path(settings.BASE_DIR) / "fixtures"),
            help="Fixture directory whose proportions and vocabulary are used (read only).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Add synthetic rows even though the database holds real entries.",
        )
        parser.add_argument(
            "--reset", action="store_true", help="Delete earlier synthetic rows first."
        )
        parser.add_argument("--batch-size", type=int, default=2000)

    def handle(self, *args, **options):
        n_articles = options["articles"]
        if n_articles < 1 and not options["reset"]:
            raise CommandError("--articles must be at least 1.")
        real = _real_entry_count()
        if real and not options["force"]:
            raise CommandError(
                f"This database holds {real} real (non-synthetic) entries. Synthetic data is "
                "meant for a separate database; pass --force to add it beside them anyway."
            )
        started = time.monotonic()
        with transaction.atomic():
            existing = Article.objects.filter(slug__startswith=PREFIX).count()
            if existing and not options["reset"]:
                raise CommandError(
                    f"The database already holds {existing} synthetic articles; pass --reset "
                    "to replace them."
                )
            if options["reset"]:
                deleted = delete_synthetic()
                self.stdout.write(f"Deleted {deleted} synthetic rows.")
            if n_articles < 1:
                return
            documents = _read_fixtures(options["fixtures"])
            profile, from_fixtures = profile_from_fixtures(documents)
            if not from_fixtures:
                self.stderr.write(
                    self.style.WARNING(
                        f"No article files in {options['fixtures']}: built-in proportions used."
                    )
                )
            if options["verbosity"] >= 2:
                for key, value in sorted(profile.items()):
                    self.stdout.write(f"  {key:32} {value:.3f}")
            generator = Generator(
                n_articles, profile, documents, options["seed"], options["batch_size"]
            )
            counts = generator.run()
        elapsed = time.monotonic() - started
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Created {summary} in {elapsed:.0f} s."))


def _real_entry_count():
    total = 0
    for model in (Article, Person, Role, Competency, TeamStructure, Company, Statement):
        total += model.objects.exclude(slug__startswith=PREFIX).count()
    return total


def delete_synthetic():
    """Delete every synthetic row, facts before the entries they protect."""
    deleted = 0
    synthetic_articles = Article.objects.filter(slug__startswith=PREFIX)
    for model in (Article, Person, Role, Competency, TeamStructure, Company, Statement):
        content_type = ContentType.objects.get_for_model(model)
        ids = model.objects.filter(slug__startswith=PREFIX).values("pk")
        deleted += TaggedItem.objects.filter(
            content_type=content_type, object_id__in=ids
        )._raw_delete(TaggedItem.objects.db)
    for queryset in (
        Statement.objects.filter(slug__startswith=PREFIX),
        CompanyExample.objects.filter(slug__startswith=PREFIX),
        TeamPosition.objects.filter(source__in=synthetic_articles),
        Responsibility.objects.filter(slug__startswith=PREFIX),
        ResponsibilityGroup.objects.filter(slug__startswith=PREFIX),
        RoleRelation.objects.filter(source__in=synthetic_articles),
        RoleCompetency.objects.filter(source__in=synthetic_articles),
        AlternativeTitle.objects.filter(source__in=synthetic_articles),
        RoleLevel.objects.filter(source__in=synthetic_articles),
        RoleSource.objects.filter(article__in=synthetic_articles),
        CompetencySource.objects.filter(article__in=synthetic_articles),
        TeamStructureSource.objects.filter(article__in=synthetic_articles),
        CompanySource.objects.filter(article__in=synthetic_articles),
        Role.objects.filter(slug__startswith=PREFIX),
        Competency.objects.filter(slug__startswith=PREFIX),
        TeamStructure.objects.filter(slug__startswith=PREFIX),
        Company.objects.filter(slug__startswith=PREFIX),
        Article.objects.filter(slug__startswith=PREFIX),
        Person.objects.filter(slug__startswith=PREFIX),
        Level.objects.filter(slug__startswith=PREFIX),
        Tag.objects.filter(slug__startswith=PREFIX),
    ):
        count, _ = queryset.delete()
        deleted += count
    return deleted


class Generator:
    def __init__(self, n_articles, profile, documents, seed, batch_size):
        self.n = n_articles
        self.p = profile
        self.rng = random.Random(seed)
        self.vocab = Vocabulary(documents, self.rng)
        self.batch_size = batch_size
        self.counts = {}
        self.today = date(2024, 12, 31)

    # Helpers ---------------------------------------------------------------

    def amount(self, mean):
        """A whole number whose average over many draws is `mean`."""
        whole = int(mean)
        return whole + (1 if self.rng.random() < mean - whole else 0)

    def chance(self, share):
        return self.rng.random() < share

    def create(self, model, objects, label=None):
        created = model.objects.bulk_create(objects, batch_size=self.batch_size)
        if label:
            self.counts[label] = self.counts.get(label, 0) + len(created)
        return created

    def link(self, through, rows, label):
        self.create(through, [through(**row) for row in rows], label)

    def said_by(self, article_id):
        people = self.article_people.get(article_id) or ()
        if people and self.chance(self.p["said_by_share"]):
            return self.rng.choice(people)
        return None

    # Generation ------------------------------------------------------------

    def run(self):
        self.levels = list(Level.objects.order_by("order").values_list("pk", flat=True))
        if not self.levels:
            self.levels = [
                level.pk
                for level in self.create(
                    Level,
                    [
                        Level(
                            name=f"Synthetisch niveau {i}",
                            slug=f"{PREFIX}niveau-{i}",
                            order=900 + i,
                            status=Status.PUBLISHED,
                        )
                        for i in (1, 2, 3)
                    ],
                )
            ]
        self.make_tags()
        self.make_people_and_articles()
        self.make_entries()
        self.make_role_facts()
        self.make_responsibilities()
        self.make_team_positions()
        self.make_company_examples()
        self.make_statements()
        return self.counts

    def make_tags(self):
        # A vocabulary grows with the square root of the text it labels
        # (Heaps' law), not in proportion: scaling the fixtures' tags linearly
        # would give mostly unused tags.
        expected = (
            self.n
            * (self.p["tags_per_article"] + STATEMENTS_PER_ARTICLE * self.p["statement_tags"])
            + ROLES_PER_ARTICLE * self.n * self.p["role_tags"]
            + COMPETENCIES_PER_ARTICLE * self.n * self.p["competency_tags"]
        )
        count = max(10, round(self.p["distinct_tags"] * (expected / self.p["taggings"]) ** 0.5))
        taken = {name.lower() for name in Tag.objects.values_list("name", flat=True)}
        names = set()
        while len(names) < count:
            name = f"{self.vocab.word()} {self.vocab.word()}"
            if name not in taken:
                names.add(name)
        tags = [Tag(name=name, slug=f"{PREFIX}{slugify(name)}") for name in sorted(names)]
        # Two names can share a slug after slugify; number the slugs instead.
        for i, tag in enumerate(tags):
            tag.slug = f"{PREFIX}{i}-{slugify(tag.name)}"[:100]
        self.rng.shuffle(tags)
        self.tags = Zipf([t.pk for t in self.create(Tag, tags, "tags")], self.rng)
        self.tagged = []

    def tag(self, content_type, object_id, mean):
        for tag_id in self.tags.distinct(self.amount(mean)):
            self.tagged.append(
                TaggedItem(tag_id=tag_id, content_type_id=content_type.pk, object_id=object_id)
            )

    def flush_tags(self):
        self.create(TaggedItem, self.tagged, "tagged items")
        self.tagged = []

    def make_people_and_articles(self):
        n_people = max(1, round(self.p["people_per_article"] * self.n))
        people = [
            Person(
                name=self.vocab.person_name(),
                slug=f"{PREFIX}persoon-{i}",
                affiliation=self.vocab.title(2, 5) if self.chance(0.5) else "",
                description=self.vocab.sentence() if self.chance(0.5) else "",
                status=Status.PUBLISHED,
            )
            for i in range(n_people)
        ]
        person_ids = [p.pk for p in self.create(Person, people, "people")]
        publications = ["Marketingfacts", "Frankwatching", "DutchCowboys", "Emerce", ""]
        articles = []
        for i in range(self.n):
            published_on = None
            if self.chance(self.p["published_on_share"]):
                published_on = self.today - timedelta(days=self.rng.randint(0, 16 * 365))
            articles.append(
                Article(
                    title=self.vocab.title(4, 10),
                    slug=f"{PREFIX}artikel-{i}",
                    publication=self.rng.choice(publications),
                    published_on=published_on,
                    summary=self.vocab.paragraph(self.rng.randint(2, 4)),
                    stated_comment_count=self.rng.randint(0, 60) if self.chance(0.5) else None,
                    status=Status.PUBLISHED,
                )
            )
        self.articles = [a.pk for a in self.create(Article, articles, "articles")]
        # Each article gets its own few people (author, commenters, experts);
        # people are spread over the articles in order, like real bylines.
        per_article = max(1, len(person_ids) // self.n)
        self.article_people = {}
        authors = []
        for index, article_id in enumerate(self.articles):
            start = (index * per_article) % len(person_ids)
            own = person_ids[start : start + per_article] or person_ids[:1]
            self.article_people[article_id] = own
            for person_id in own[: self.amount(self.p["authors_per_article"])]:
                authors.append({"article_id": article_id, "person_id": person_id})
        self.link(Article.authors.through, authors, "authorships")
        content_type = ContentType.objects.get_for_model(Article)
        for article_id in self.articles:
            self.tag(content_type, article_id, self.p["tags_per_article"])
        self.flush_tags()

    def make_entries(self):
        n_roles = max(2, round(ROLES_PER_ARTICLE * self.n))
        n_competencies = max(1, round(COMPETENCIES_PER_ARTICLE * self.n))
        n_teams = max(1, round(self.p["teams_per_role"] * n_roles))
        n_companies = max(1, round(self.p["companies_per_role"] * n_roles))
        vocab = self.vocab

        def curated(model, count, label, **extra):
            objects = []
            for i in range(count):
                name = vocab.role_name() if model is Role else vocab.name(self.rng.randint(1, 2))
                fields = {"name": name, "slug": f"{PREFIX}{slugify(name)[:60]}-{i}"}
                for field, make in extra.items():
                    fields[field] = make()
                objects.append(model(status=Status.PUBLISHED, **fields))
            return [o.pk for o in self.create(model, objects, label)]

        self.roles = curated(
            Role,
            n_roles,
            "roles",
            summary=lambda: vocab.sentence(8, 18)[:400],
            description=lambda: vocab.paragraph(3),
        )
        self.competencies = curated(
            Competency,
            n_competencies,
            "competencies",
            summary=lambda: vocab.sentence(8, 18)[:400],
            description=lambda: vocab.paragraph(2),
        )
        self.teams = curated(
            TeamStructure,
            n_teams,
            "team structures",
            summary=lambda: vocab.sentence(8, 18)[:400],
            description=lambda: vocab.paragraph(3),
            company_size=lambda: vocab.title(3, 6),
            integration_stage=lambda: vocab.title(2, 5),
        )
        self.companies = curated(
            Company,
            n_companies,
            "companies",
            description=lambda: vocab.paragraph(2),
            sector=lambda: vocab.word(),
        )
        self.popular_roles = Zipf(self.roles, self.rng)
        self.popular_competencies = Zipf(self.competencies, self.rng)
        self.popular_teams = Zipf(self.teams, self.rng)
        self.popular_companies = Zipf(self.companies, self.rng)

        # Which articles describe each entry; its facts cite those articles.
        self.entry_sources = {}
        for model, through, key, ids, tags_key in (
            (Role, RoleSource, "role_id", self.roles, "role_tags"),
            (Competency, CompetencySource, "competency_id", self.competencies, "competency_tags"),
            (TeamStructure, TeamStructureSource, "team_structure_id", self.teams, "team_tags"),
            (Company, CompanySource, "company_id", self.companies, "company_tags"),
        ):
            rows = []
            for entry_id in ids:
                sources = self.rng.sample(
                    self.articles,
                    min(len(self.articles), max(1, self.amount(self.p["sources_per_entry"]))),
                )
                self.entry_sources[(model, entry_id)] = sources
                rows.extend({key: entry_id, "article_id": a} for a in sources)
            self.link(through, rows, "entry sources")
            content_type = ContentType.objects.get_for_model(model)
            for entry_id in ids:
                self.tag(content_type, entry_id, self.p[tags_key])
        self.flush_tags()

    def source_of(self, model, entry_id):
        return self.rng.choice(self.entry_sources[(model, entry_id)])

    def make_role_facts(self):
        levels, titles, competencies, relations = [], [], [], []
        kinds = [k for k, _ in RelationKind.choices]
        for role_id in self.roles:
            for level_id in self.rng.sample(
                self.levels, min(len(self.levels), self.amount(self.p["role_levels_per_role"]))
            ):
                source = self.source_of(Role, role_id)
                levels.append(
                    RoleLevel(
                        role_id=role_id,
                        level_id=level_id,
                        source_id=source,
                        said_by_id=self.said_by(source),
                        note=self.vocab.sentence() if self.chance(0.5) else "",
                    )
                )
            for _ in range(self.amount(self.p["alternative_titles_per_role"])):
                source = self.source_of(Role, role_id)
                titles.append(
                    AlternativeTitle(
                        role_id=role_id,
                        title=self.vocab.role_name(),
                        source_id=source,
                        said_by_id=self.said_by(source),
                        note=self.vocab.sentence() if self.chance(0.3) else "",
                    )
                )
            chosen = self.popular_competencies.distinct(
                self.amount(self.p["role_competencies_per_role"])
            )
            for order, competency_id in enumerate(chosen, start=1):
                source = self.source_of(Role, role_id)
                competencies.append(
                    RoleCompetency(
                        role_id=role_id,
                        competency_id=competency_id,
                        importance=Importance.MUST if self.chance(0.6) else Importance.NICE,
                        explanation=self.vocab.sentence() if self.chance(0.6) else "",
                        order=order,
                        source_id=source,
                        said_by_id=self.said_by(source),
                    )
                )
            others = self.popular_roles.distinct(
                self.amount(self.p["role_relations_per_role"]), exclude=role_id
            )
            for other_id in others:
                source = self.source_of(Role, role_id)
                relations.append(
                    RoleRelation(
                        from_role_id=role_id,
                        kind=self.rng.choice(kinds),
                        to_role_id=other_id,
                        source_id=source,
                        said_by_id=self.said_by(source),
                        note=self.vocab.sentence() if self.chance(0.4) else "",
                    )
                )
        self.create(RoleLevel, levels, "role levels")
        self.create(AlternativeTitle, titles, "alternative titles")
        self.create(RoleCompetency, competencies, "role competencies")
        self.create(RoleRelation, relations, "role relations")

    def make_responsibilities(self):
        groups = []
        owners = [("role_id", Role, r, self.p["groups_per_role"]) for r in self.roles] + [
            ("team_structure_id", TeamStructure, t, self.p["groups_per_team"]) for t in self.teams
        ]
        for key, model, owner_id, mean in owners:
            for order in range(1, self.amount(mean) + 1):
                source = self.source_of(model, owner_id)
                name = self.vocab.title(2, 5)
                groups.append(
                    ResponsibilityGroup(
                        name=name,
                        slug=f"{PREFIX}groep-{len(groups)}",
                        description=self.vocab.sentence() if self.chance(0.5) else "",
                        order=order,
                        source_id=source,
                        said_by_id=self.said_by(source),
                        **{key: owner_id},
                    )
                )
        groups = self.create(ResponsibilityGroup, groups, "responsibility groups")
        responsibilities = []
        for group in groups:
            for order in range(1, self.amount(self.p["responsibilities_per_group"]) + 1):
                level_id = None
                if self.chance(self.p["responsibility_level_share"]):
                    level_id = self.rng.choice(self.levels)
                responsibilities.append(
                    Responsibility(
                        name=self.vocab.title(2, 6),
                        slug=f"{PREFIX}taak-{len(responsibilities)}",
                        description=self.vocab.sentence(),
                        group_id=group.pk,
                        level_id=level_id,
                        order=order,
                        source_id=group.source_id,
                        said_by_id=group.said_by_id,
                        status=Status.PUBLISHED,
                    )
                )
        self.create(Responsibility, responsibilities, "responsibilities")

    def make_team_positions(self):
        positions = []
        for team_id in self.teams:
            chosen = self.popular_roles.distinct(self.amount(self.p["positions_per_team"]))
            lead_given = False
            for order, role_id in enumerate(chosen, start=1):
                outside = self.chance(self.p["outside_share"])
                lead = not outside and not lead_given and self.chance(self.p["lead_share"] * 2)
                lead_given = lead_given or lead
                source = self.source_of(TeamStructure, team_id)
                positions.append(
                    TeamPosition(
                        team_structure_id=team_id,
                        role_id=role_id,
                        is_lead=lead,
                        placement=Placement.OUTSIDE if outside else Placement.IN_TEAM,
                        description=self.vocab.sentence() if self.chance(0.5) else "",
                        order=order,
                        source_id=source,
                        said_by_id=self.said_by(source),
                    )
                )
        self.create(TeamPosition, positions, "team positions")

    def make_company_examples(self):
        examples = []
        for company_id in self.companies:
            for _ in range(self.amount(self.p["examples_per_company"])):
                source = self.source_of(Company, company_id)
                team_id = None
                if self.chance(self.p["example_team_share"]):
                    team_id = self.popular_teams.distinct(1)[0]
                examples.append(
                    CompanyExample(
                        slug=f"{PREFIX}voorbeeld-{len(examples)}",
                        company_id=company_id,
                        title=self.vocab.title(3, 8),
                        description=self.vocab.paragraph(2),
                        team_structure_id=team_id,
                        source_id=source,
                        said_by_id=self.said_by(source),
                        status=Status.PUBLISHED,
                    )
                )
        examples = self.create(CompanyExample, examples, "company examples")
        rows = [
            {"companyexample_id": example.pk, "role_id": role_id}
            for example in examples
            for role_id in self.popular_roles.distinct(self.amount(self.p["roles_per_example"]))
        ]
        self.link(CompanyExample.roles.through, rows, "example roles")

    def make_statements(self):
        kinds = [k for k, _ in StatementKind.choices]
        content_type = ContentType.objects.get_for_model(Statement)
        links = {
            "roles": (Statement.roles.through, "role_id", self.popular_roles),
            "competencies": (
                Statement.competencies.through,
                "competency_id",
                self.popular_competencies,
            ),
            "team_structures": (
                Statement.team_structures.through,
                "teamstructure_id",
                self.popular_teams,
            ),
            "companies": (Statement.companies.through, "company_id", self.popular_companies),
        }
        means = {
            "roles": self.p["statement_roles"],
            "competencies": self.p["statement_competencies"],
            "team_structures": self.p["statement_teams"],
            "companies": self.p["statement_companies"],
        }
        # In chunks, so memory stays flat however many articles there are.
        chunk = 1000
        for first in range(0, len(self.articles), chunk):
            statements = []
            numbered = self.counts.get("statements", 0)
            for article_id in self.articles[first : first + chunk]:
                for _ in range(self.amount(STATEMENTS_PER_ARTICLE)):
                    in_comment = self.chance(self.p["in_comment_share"])
                    said_on = None
                    if self.chance(self.p["said_on_share"]):
                        said_on = self.today - timedelta(days=self.rng.randint(0, 16 * 365))
                    statements.append(
                        Statement(
                            slug=f"{PREFIX}uitspraak-{numbered + len(statements)}",
                            kind=self.rng.choice(kinds),
                            text=self.vocab.paragraph(self.rng.randint(1, 3)),
                            quote=self.vocab.sentence(5, 12)
                            if self.chance(self.p["quote_share"])
                            else "",
                            in_comment=in_comment,
                            said_on=said_on,
                            source_id=article_id,
                            said_by_id=self.said_by(article_id),
                            status=Status.PUBLISHED,
                        )
                    )
            statements = self.create(Statement, statements, "statements")
            for name, (through, key, popular) in links.items():
                rows = [
                    through(statement_id=s.pk, **{key: target})
                    for s in statements
                    for target in popular.distinct(self.amount(means[name]))
                ]
                self.create(through, rows, "statement links")
            for statement in statements:
                self.tag(content_type, statement.pk, self.p["statement_tags"])
            self.flush_tags()
