"""A Merkle tree over the audit entries, hashed as in RFC 9162 (Certificate Transparency).

The tree is kept as its peaks: the roots of the perfect subtrees a tree of
``size`` leaves splits into, one per set bit of ``size``, largest first. RFC
9162's root is the peaks folded from the right, so a checkpoint can store its
peaks and the next one carries on from them instead of rereading the whole log,
and a mismatching peak narrows a change down to the entries under it.
"""

import hashlib
from collections.abc import Sequence

EMPTY_ROOT = hashlib.sha256(b"").digest()
"""The root of a tree without leaves (RFC 9162, section 2.1.1)."""


def leaf_hash(data: bytes) -> bytes:
    # Distinct prefixes for leaves and nodes, so that no leaf can pass for a subtree.
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class Tree:
    """A Merkle tree that grows one leaf at a time."""

    def __init__(self, size: int = 0, peaks: Sequence[bytes] = ()) -> None:
        if size < 0 or len(peaks) != size.bit_count():
            raise ValueError(f"a tree of {size} leaves has {size.bit_count()} peaks")
        self.size = size
        self._peaks = list(peaks)

    @property
    def peaks(self) -> tuple[bytes, ...]:
        return tuple(self._peaks)

    def add(self, data: bytes) -> None:
        node = leaf_hash(data)
        # Each trailing 1-bit of the size is a peak as tall as the subtree being
        # carried: merge them, as when adding one in binary.
        size = self.size
        while size & 1:
            node = node_hash(self._peaks.pop(), node)
            size >>= 1
        self._peaks.append(node)
        self.size += 1

    def root(self) -> bytes:
        if not self._peaks:
            return EMPTY_ROOT
        node = self._peaks[-1]
        for peak in reversed(self._peaks[:-1]):
            node = node_hash(peak, node)
        return node

    def spans(self) -> list[tuple[int, int]]:
        """The leaves (0-based, first and last) under each peak, in peak order."""
        spans = []
        start = 0
        for height in range(self.size.bit_length() - 1, -1, -1):
            if self.size >> height & 1:
                spans.append((start, start + (1 << height) - 1))
                start += 1 << height
        return spans
