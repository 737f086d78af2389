"""Union-find over source entities that refuses merges across negative evidence."""

from collections.abc import Iterable

from crosscurrent.model.ids import canonical_id
from crosscurrent.resolve.rules import Key, Profile


class Clusters:
    """Disjoint sets of source entities; each set remembers its birth dates."""

    def __init__(
        self, profiles: dict[Key, Profile], splits: Iterable[tuple[Key, Key]] = ()
    ) -> None:
        self.parent: dict[Key, Key] = {k: k for k in profiles}
        # Only sets with a birth date have an entry (most records are not people).
        self.births: dict[Key, set[str]] = {
            k: set(p.births) for k, p in profiles.items() if p.births
        }
        self.rule: dict[Key, str] = {}
        # Records an analyst judged to be different things: per set root, the
        # records no member of the set may ever be joined with.
        self.apart: dict[Key, set[Key]] = {}
        for a, b in splits:
            if a in self.parent and b in self.parent:
                self.apart.setdefault(a, set()).add(b)
                self.apart.setdefault(b, set()).add(a)

    def find(self, key: Key) -> Key:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression keeps later finds O(1)
            self.parent[key], key = root, self.parent[key]
        return root

    def same(self, a: Key, b: Key) -> bool:
        return self.find(a) == self.find(b)

    def union(self, a: Key, b: Key, rule: str, strong: bool = False) -> bool:
        """Merge the sets of a and b; weak rules never join sets with different births."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        births_a, births_b = self.births.get(ra), self.births.get(rb)
        if not strong and births_a and births_b and not births_a & births_b:
            return False
        # A split judgement is never overridden, by any rule or chain of links.
        if any(self.find(k) == rb for k in self.apart.get(ra, ())) or any(
            self.find(k) == ra for k in self.apart.get(rb, ())
        ):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        if rb in self.births:
            self.births.setdefault(ra, set()).update(self.births.pop(rb))
        if rb in self.apart:
            self.apart.setdefault(ra, set()).update(self.apart.pop(rb))
        self.rule.setdefault(a, rule)
        self.rule.setdefault(b, rule)
        return True

    def canonical_ids(self) -> dict[Key, str]:
        """Deterministic ids: a hash of the set's smallest member, stable as sets grow."""
        roots = {key: self.find(key) for key in self.parent}
        smallest: dict[Key, Key] = {}
        for key, root in roots.items():
            if key < smallest.setdefault(root, key):
                smallest[root] = key
        ids = {root: canonical_id(member) for root, member in smallest.items()}
        return {key: ids[root] for key, root in roots.items()}
