"""The audit log's Merkle tree against RFC 9162's definition and known roots."""

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosscurrent.share import merkle

# Leaves and roots from Certificate Transparency's reference tests (RFC 6962,
# which RFC 9162 keeps): roots of the first 1..8 leaves.
CT_LEAVES = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def reference_root(leaves: list[bytes]) -> bytes:
    """RFC 9162 section 2.1.1, recursively, as written there."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return merkle.leaf_hash(leaves[0])
    k = 1 << (len(leaves) - 1).bit_length() - 1  # largest power of two below n
    return merkle.node_hash(reference_root(leaves[:k]), reference_root(leaves[k:]))


def test_roots_match_certificate_transparency() -> None:
    tree = merkle.Tree()
    assert tree.root() == merkle.EMPTY_ROOT
    for leaf, root in zip(CT_LEAVES, CT_ROOTS, strict=True):
        tree.add(bytes.fromhex(leaf))
        assert tree.root().hex() == root


@given(st.lists(st.binary(max_size=8), max_size=70))
def test_root_is_rfc_9162_root(leaves: list[bytes]) -> None:
    tree = merkle.Tree()
    for leaf in leaves:
        tree.add(leaf)
    assert tree.size == len(leaves)
    assert tree.root() == reference_root(leaves)


@given(st.lists(st.binary(max_size=4), max_size=40), st.data())
def test_a_tree_resumed_from_its_peaks_grows_the_same(
    leaves: list[bytes], data: st.DataObject
) -> None:
    cut = data.draw(st.integers(0, len(leaves)))
    first = merkle.Tree()
    for leaf in leaves[:cut]:
        first.add(leaf)
    resumed = merkle.Tree(first.size, first.peaks)
    for leaf in leaves[cut:]:
        resumed.add(leaf)
    assert resumed.root() == reference_root(leaves)


@given(st.integers(0, 300))
def test_peaks_cover_every_leaf_once_in_power_of_two_runs(size: int) -> None:
    tree = merkle.Tree()
    for i in range(size):
        tree.add(i.to_bytes(2, "big"))
    spans = tree.spans()
    assert len(spans) == len(tree.peaks) == size.bit_count()
    covered = [i for first, last in spans for i in range(first, last + 1)]
    assert covered == list(range(size))
    for (first, last), peak in zip(spans, tree.peaks, strict=True):
        assert (last - first + 1).bit_count() == 1
        leaves = [i.to_bytes(2, "big") for i in range(first, last + 1)]
        assert peak == reference_root(leaves)


def test_a_tree_needs_one_peak_per_set_bit_of_its_size() -> None:
    with pytest.raises(ValueError, match="3 leaves has 2 peaks"):
        merkle.Tree(3, [merkle.leaf_hash(b"")])
