"""The domain's error types. Messages are translatable; the UI shows them at the field, the CLI prints them."""

from __future__ import annotations


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
