"""The lexical index's top-n selection gives what a full sort by (score desc, document asc) gives,
ties at the cut included."""

import numpy as np
import pytest

from draftbot.index.lexindex import _first_by_score


@pytest.mark.parametrize("seed", range(6))
def test_top_n_is_the_full_sorts_first_n(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(1, 5000))
    comb = rng.integers(0, 40, size=m) / 7.0  # few distinct values: many ties, at the cut too
    cand = np.sort(rng.choice(10 * m, size=m, replace=False))
    for n in (1, 3, 10, 50, m, m + 5):
        full = np.lexsort((cand, -comb))[:n]
        assert _first_by_score(comb, cand, n).tolist() == full.tolist()


def test_nothing_asked_nothing_given():
    assert _first_by_score(np.array([1.0, 2.0]), np.array([0, 1]), 0).tolist() == []
