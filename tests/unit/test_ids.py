import os
import time
from datetime import UTC, datetime

import pytest

from core import ids
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


def test_an_id_spells_its_milliseconds_and_random_bits_in_crockford_base32(monkeypatch):
    # 48 bits of milliseconds then 80 random bits, 26 characters, most significant first: the
    # ids already in merchants' databases must keep sorting with the new ones.
    monkeypatch.setattr(ids, "random_bytes", lambda count: bytes(range(1, count + 1)))
    moment = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    value = int(moment.timestamp() * 1000) << 80 | int.from_bytes(bytes(range(1, 11)), "big")
    expected = "".join("0123456789abcdefghjkmnpqrstvwxyz"[value >> shift & 31]
                       for shift in range(125, -1, -5))
    assert new_id("ord", at=moment) == f"ord_{expected}"
    assert new_id("ord", at=moment)[4:].startswith("01m")  # a 2026 id, as before


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_never_hands_out_its_parents_random_bytes():
    ids.random_bytes(1)  # the parent's buffer is filled, and would be copied into the child
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child process
        os.write(writer, ids.random_bytes(16))
        os._exit(0)
    os.close(writer)
    os.waitpid(child, 0)
    from_child = os.read(reader, 16)
    os.close(reader)
    assert len(from_child) == 16
    assert from_child != ids.random_bytes(16)
