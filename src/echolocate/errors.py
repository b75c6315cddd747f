"""One exception tree. Every error carries a hint: what the user can do next.

A *rejection* (bad input) is data, not an exception; exceptions are for
failures that stop a command (a store we cannot open, a bad setting).
"""


class EcholocateError(Exception):
    """Base of every error echolocate raises on purpose."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}\nhint: {self.hint}" if self.hint else self.message


class InputError(EcholocateError):
    """The paths or options given to a command cannot be used at all."""


class StoreError(EcholocateError):
    """The DuckDB store cannot be opened, read or written."""


class SchemaError(StoreError):
    """The store was written by another (newer or unknown) schema version."""


class ConfigError(EcholocateError):
    """A setting has an invalid value."""
