"""The facts of the synthetic knowledge base: the links between its entries."""

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType

from editorial.models import Status
from loader.synthetic_text import PREFIX, STATEMENTS_PER_ARTICLE
from roles.models import (
    AlternativeTitle,
    Company,
    CompanyExample,
    Importance,
    Placement,
    RelationKind,
    Responsibility,
    ResponsibilityGroup,
    Role,
    RoleCompetency,
    RoleLevel,
    RoleRelation,
    Statement,
    StatementKind,
    TeamPosition,
    TeamStructure,
)


class FactsMixin:
    """The Generator's steps that link the entries it made."""

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
