"""The order the suite's scopes are handed to the xdist workers (conftest._longest_first)."""

from __future__ import annotations

import json

import pytest
from conftest import RECORD, _longest_first


class Item:
    def __init__(self, nodeid: str, *marks: str):
        self.nodeid = nodeid
        self.marks = [getattr(pytest.mark, m).mark for m in marks]

    def iter_markers(self):
        return iter(self.marks)

    def get_closest_marker(self, name):
        return next((m for m in self.marks if m.name == name), None)


def ids(items) -> list[str]:
    return [i.nodeid for i in items]


def test_the_longest_scope_goes_first_and_a_scope_keeps_its_tests_order():
    items = [Item("a.py::t1"), Item("a.py::t2"), Item("b.py::C::t1"), Item("c.py::t1")]
    times = {"a.py::t1": 1.0, "a.py::t2": 2.0, "b.py::C::t1": 5.0, "c.py::t1": 0.5}
    assert ids(_longest_first(items, times, {})) == ["b.py::C::t1", "a.py::t1", "a.py::t2", "c.py::t1"]


def test_a_fresh_clone_orders_by_the_record_then_by_marks():
    items = [Item("a.py::t1", "slow"), Item("b.py::t1"), Item("c.py::t1", "browser")]
    # no times of its own: b.py's recorded 100 s beats a.py's guessed minute (slow) and c.py's 8 s
    assert ids(_longest_first(items, {}, {"b.py": 100.0})) == ["b.py::t1", "a.py::t1", "c.py::t1"]
    # the clone's own time wins over the record
    assert ids(_longest_first(items, {"b.py::t1": 1.0}, {"b.py": 100.0}))[0] == "a.py::t1"


def test_scopes_that_need_no_site_go_to_the_worker_that_would_wait_for_it():
    items = [
        Item("lighthouse.py::t", "build"),
        Item("browser.py::t", "build"),
        Item("data.py::t"),
        Item("drawing.py::t", "slow"),
    ]
    times = {"lighthouse.py::t": 160.0, "browser.py::t": 150.0, "data.py::t": 5.0, "drawing.py::t": 30.0}
    assert ids(_longest_first(items, times, {})) == [
        "lighthouse.py::t",  # the first worker builds the site for it
        "drawing.py::t",  # the second starts on what needs no site, longest first
        "data.py::t",
        "browser.py::t",
    ]


def test_the_record_names_scopes_with_whole_seconds():
    record = json.loads(RECORD.read_text("utf-8"))
    assert record and all(
        k.startswith("tests/test_") and isinstance(v, int) and v >= 0 for k, v in record.items()
    )
