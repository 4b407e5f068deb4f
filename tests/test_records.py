"""The plain records that replaced internal dataclasses keep what the dataclasses gave:
equality, hash and repr by field, and (where the dataclass was frozen) no reassignment."""

from __future__ import annotations

import dataclasses

import pytest

from transfer_advisor.check.model import Suppression
from transfer_advisor.estimate.results import Range
from transfer_advisor.rules.bounds import Bound
from transfer_advisor.rules.load import default_rulebook


def test_records_compare_hash_and_print_by_their_fields() -> None:
    assert Range(1.0, 2.0) == Range(1.0, 2.0) and Range(1.0, 2.0) != Range(1.0, 3.0)
    assert len({Bound(3), Bound(3), Bound(3, True)}) == 2  # frozen: hashable
    with pytest.raises(TypeError):  # can change: not hashable, as the dataclass was not
        hash(Range(1.0, 2.0))
    assert repr(Range(1.0, 2.5)) == "Range(low=1.0, high=2.5)"
    assert Suppression("flag", "base-model") == Suppression("flag", "base-model", None, None)
    assert Range(1.0, 2.0) != (1.0, 2.0)


def test_records_that_were_frozen_stay_frozen() -> None:
    rule = default_rulebook().strategy[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        rule.when = rule.when  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del Suppression("flag", "x").rule
    with pytest.raises(AttributeError):  # no __dict__: a typo cannot add a field either
        Range(1.0, 2.0).lo = 3.0  # type: ignore[attr-defined]


def test_records_pickle_and_copy_as_the_dataclasses_did() -> None:
    import copy
    import pickle

    frozen = Suppression("config", "base-model", "a reason", "pyproject.toml")
    for record in (Range(1.0, 2.5), frozen, Bound(7, True)):
        assert pickle.loads(pickle.dumps(record)) == record
        assert copy.deepcopy(record) == record and copy.copy(record) == record
    rule = default_rulebook().findings[0]
    assert copy.copy(rule) == rule
    with pytest.raises(dataclasses.FrozenInstanceError):  # still frozen after a round trip
        pickle.loads(pickle.dumps(frozen)).rule = "x"  # type: ignore[misc]
