import time

import pytest

from core.ids import new_id


def test_ids_carry_their_type_and_are_unique():
    ids = {new_id("pro") for _ in range(10_000)}
    assert len(ids) == 10_000
    assert all(public_id.startswith("pro_") and len(public_id) == 30 for public_id in ids)


def test_ids_sort_by_creation_time():
    earlier = new_id("clk")
    time.sleep(0.002)
    assert new_id("clk") > earlier


def test_unknown_prefixes_are_refused():
    with pytest.raises(ValueError):
        new_id("zzz")
