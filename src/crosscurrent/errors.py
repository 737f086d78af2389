"""The domain errors every interface reports as one clear line."""


class CrosscurrentError(Exception):
    """Base class: an error the user can act on, shown without a traceback."""


class UnreadableFile(CrosscurrentError):
    """A whole file cannot be read; nothing from it is stored."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class UnknownAgency(CrosscurrentError):
    """An agency code that has not been registered."""

    def __init__(self, code: str) -> None:
        super().__init__(f"unknown agency {code!r}: register it with `crosscurrent agency add`")
        self.code = code


class InvalidMarking(CrosscurrentError):
    """A releasability list or handling code that cannot be honoured."""
