"""The situational picture: official statistics, agencies' events, claim checks.

Official statistics (published series with their editions) are public and live
in their own tables; agencies' events are FtM entities read, like every other
fact, through the policy view (``crosscurrent.store.view``). See
docs/situation.md.
"""

from crosscurrent.errors import CrosscurrentError


class SituationError(CrosscurrentError):
    """A request the situational picture cannot answer (unknown series, bad window)."""
