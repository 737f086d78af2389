"""Canonical ids: one name for a cluster of source records, the same for every caller
whose cluster has the same smallest member."""

import hashlib

Key = tuple[str, str]
"""A source record: (dataset, entity id as in the file)."""


def canonical_id(member: Key) -> str:
    digest = hashlib.sha1(f"{member[0]}/{member[1]}".encode(), usedforsecurity=False)
    return f"cc-{digest.hexdigest()[:20]}"
