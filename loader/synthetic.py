"""The generator of the synthetic knowledge base (see generate_synthetic)."""

import random
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify
from taggit.models import Tag, TaggedItem

from articles.models import Article, Person
from editorial.models import Status
from loader.synthetic_facts import FactsMixin
from loader.synthetic_text import (
    COMPETENCIES_PER_ARTICLE,
    PREFIX,
    ROLES_PER_ARTICLE,
    STATEMENTS_PER_ARTICLE,
    Vocabulary,
    Zipf,
)
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
        # Nothing refers to a tagged item and nothing listens to its deletion,
        # so Django deletes these with one DELETE, without reading them first.
        count, _ = TaggedItem.objects.filter(content_type=content_type, object_id__in=ids).delete()
        deleted += count
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


class Generator(FactsMixin):
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
