"""
What is wrong with the fixture files, said so that it can be fixed: every
step of loading reports `Problem`s (file, entry, reason) rather than stopping
at the first, and `FixtureError` carries them all.
"""


class Problem:
    def __init__(self, file, where, reason):
        self.file, self.where, self.reason = file, where, reason

    def __str__(self):
        if self.where:
            return f"{self.file}: {self.where}: {self.reason}"
        return f"{self.file}: {self.reason}"

    def __repr__(self):
        return f"<Problem {self}>"


class FixtureError(Exception):
    """The files cannot be loaded; `problems` says where and why."""

    def __init__(self, problems, total=None):
        self.problems = list(problems)
        self.total = total if total is not None else len(self.problems)
        super().__init__("\n".join(str(p) for p in self.problems))
