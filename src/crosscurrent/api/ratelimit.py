"""Sign-in rate limiting: failures counted per user name and client address.

Kept in memory: the API runs as one process (DuckDB lets one process write the
store), and a restart forgetting recent failures costs an attacker a restart.
"""

import threading
import time
from collections import deque
from collections.abc import Callable

Clock = Callable[[], float]


class LoginLimiter:
    """At most ``attempts`` failures per key in ``window`` seconds; then wait."""

    MAX_KEYS = 100_000
    """Beyond this many keys, stale ones are dropped: a flood of made-up names
    must not grow memory without bound."""

    def __init__(self, attempts: int = 5, window: float = 300.0, clock: Clock = time.monotonic):
        self.attempts = attempts
        self.window = window
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = {}
        self._lock = threading.Lock()

    def retry_after(self, name: str, address: str) -> int | None:
        """Seconds to wait before the next attempt, or None when one is allowed."""
        with self._lock:
            recent = self._recent(self._key(name, address))
            if len(recent) < self.attempts:
                return None
            return max(1, int(recent[0] + self.window - self.clock()) + 1)

    def failed(self, name: str, address: str) -> None:
        with self._lock:
            if len(self._failures) >= self.MAX_KEYS:
                for key in list(self._failures):
                    self._recent(key)
            self._failures.setdefault(self._key(name, address), deque()).append(self.clock())

    def succeeded(self, name: str, address: str) -> None:
        with self._lock:
            self._failures.pop(self._key(name, address), None)

    @staticmethod
    def _key(name: str, address: str) -> tuple[str, str]:
        return name.strip().casefold(), address

    def _recent(self, key: tuple[str, str]) -> deque[float]:
        found = self._failures.get(key, deque())
        cutoff = self.clock() - self.window
        while found and found[0] <= cutoff:
            found.popleft()
        if not found:
            self._failures.pop(key, None)
        return found
