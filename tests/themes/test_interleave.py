"""Merging the informative order with a random one: shares, order kept, nothing twice."""

from __future__ import annotations

import pytest

from themes.active import interleave


def test_half_share_alternates_starting_with_the_first_order() -> None:
    assert interleave([1, 2, 3, 4], [4, 3, 2, 1], 0.5) == [1, 4, 2, 3]


def test_keys_already_placed_are_skipped_in_both_orders() -> None:
    merged = interleave([1, 2, 3, 4, 5, 6], [2, 1, 6, 5, 4, 3], 0.5)
    assert merged == [1, 2, 3, 6, 4, 5]
    assert sorted(merged) == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("share", [0.0, 0.25, 1 / 3, 1.0])
def test_the_second_order_never_takes_more_than_its_share(share: float) -> None:
    first, second = list(range(12)), list(range(11, -1, -1))
    merged = interleave(first, second, share)
    assert sorted(merged) == first
    from_second = 0
    for k, key in enumerate(merged):
        placed = merged[:k]
        if key == next(x for x in second if x not in placed) and key != next(
            x for x in first if x not in placed
        ):
            from_second += 1
        assert from_second <= share * (k + 1) + 1e-9
    if share == 0.0:
        assert merged == first
    if share == 1.0:
        assert merged == second
