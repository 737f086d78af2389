"""The sorting set operations equal numpy's."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from crosscurrent.arrays import distinct, either_only

values = st.lists(st.integers(-(2**40), 2**40), max_size=60)


@given(values)
def test_distinct_is_numpys_unique(xs: list[int]) -> None:
    a = np.array(xs, dtype=np.int64)
    assert distinct(a).tolist() == np.unique(a).tolist()


@given(st.sets(st.integers(-50, 50)), st.sets(st.integers(-50, 50)))
def test_either_only_is_numpys_setxor(xs: set[int], ys: set[int]) -> None:
    a, b = np.array(sorted(xs), dtype=np.int64), np.array(sorted(ys), dtype=np.int64)
    assert either_only(a, b).tolist() == np.setxor1d(a, b).tolist() == sorted(xs ^ ys)
