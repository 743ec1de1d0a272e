"""The domain's error types. Messages are translatable; the UI shows them at the field, the CLI prints them."""

from __future__ import annotations

from collections.abc import Sequence


class WusheError(Exception):
    """Base of every error the application raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(WusheError):
    """Bad input: ``field`` names the input (a stable English id), ``message`` says what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class NotFoundError(WusheError):
    """A record that was asked for does not exist (or is deleted)."""


class StorageError(WusheError):
    """The database file cannot be used: damaged, foreign, too new, or a migration failed."""


class ValidationErrors(ValidationError):
    """Several problems of one input, found at once so that a person corrects them in one go. The first
    stands for them all where only one is shown (``field``, ``message``); ``problems`` has each."""

    def __init__(self, problems: Sequence[ValidationError]) -> None:
        super().__init__(problems[0].field, problems[0].message)
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return "\n".join(str(problem) for problem in self.problems)


def each_problem(error: ValidationError) -> tuple[ValidationError, ...]:
    return error.problems if isinstance(error, ValidationErrors) else (error,)


def raise_all(problems: Sequence[ValidationError]) -> None:
    """Raise what was found, if anything: one problem as itself, several as ``ValidationErrors``, the
    first for each field only."""
    by_field: dict[str, ValidationError] = {}
    for problem in problems:
        for each in each_problem(problem):
            by_field.setdefault(each.field, each)
    if by_field:
        found = list(by_field.values())
        raise found[0] if len(found) == 1 else ValidationErrors(found)
