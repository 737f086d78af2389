"""Errors of the audit log, as domain errors every interface reports in one line."""

from crosscurrent.errors import CrosscurrentError


class InvalidAuditEntry(CrosscurrentError):
    """An entry the log refuses; nothing is appended.

    Messages name the field, never its value: a refused value may be the very
    personal data the log must not hold, and error messages end up in logs too.
    """


class JustificationRequired(InvalidAuditEntry):
    """A consultation without a case reference."""

    def __init__(self) -> None:
        super().__init__("consulting records needs a justification (a case reference)")


class AuditLogTampered(CrosscurrentError):
    """The log no longer matches its last signed checkpoint, so it cannot be extended.

    Signing a new checkpoint over it would vouch for whatever was changed.
    """


class InvalidCheckpoint(CrosscurrentError):
    """Text that is not a checkpoint (an anchor file, say)."""


class AuditKeyError(CrosscurrentError):
    """The audit signing key cannot be read, created or trusted."""
