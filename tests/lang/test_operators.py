"""The operator table."""

import pytest

from neurosym.lang.operators import DEFAULT_OPERATORS, Op, OperatorTable


@pytest.mark.parametrize("name, kind, priority, type_", [
    (":-", "infix", 1200, "xfx"), (":-", "prefix", 1200, "fx"), ("?-", "prefix", 1200, "fx"),
    ("-->", "infix", 1200, "xfx"), (";", "infix", 1100, "xfy"), ("|", "infix", 1105, "xfy"),
    ("->", "infix", 1050, "xfy"), ("*->", "infix", 1050, "xfy"), (",", "infix", 1000, "xfy"),
    ("\\+", "prefix", 900, "fy"), ("=", "infix", 700, "xfx"), ("is", "infix", 700, "xfx"),
    ("=..", "infix", 700, "xfx"), ("as", "infix", 700, "xfx"), (":", "infix", 600, "xfy"),
    ("+", "infix", 500, "yfx"), ("xor", "infix", 400, "yfx"), ("mod", "infix", 400, "yfx"),
    ("**", "infix", 200, "xfx"), ("^", "infix", 200, "xfy"), ("-", "prefix", 200, "fy"),
    ("dynamic", "prefix", 1150, "fx"), ("table", "prefix", 1150, "fx"),
    ("soft", "prefix", 1150, "fx"), ("::", "infix", 1000, "xfx"),
])
def test_standard_entries(name, kind, priority, type_):
    op = getattr(DEFAULT_OPERATORS, kind)[name]
    assert (op.priority, op.type) == (priority, type_)


def test_argument_maxima():
    assert (Op(500, "yfx", "-").left_max, Op(500, "yfx", "-").right_max) == (500, 499)
    assert (Op(1000, "xfy", ",").left_max, Op(1000, "xfy", ",").right_max) == (999, 1000)
    assert Op(200, "fy", "-").right_max == 200
    assert Op(1200, "fx", ":-").right_max == 1199


def test_add_and_remove():
    table = OperatorTable()
    table.add(700, "xfx", "===>")
    assert table.infix["===>"].priority == 700
    table.add(0, "xfx", "===>")
    assert "===>" not in table.infix
    with pytest.raises(ValueError):
        table.add(1300, "xfx", "bad")
    with pytest.raises(ValueError):
        table.add(100, "xyz", "bad")
    assert table.is_op("mod") and not table.is_op("foo")
    assert table.ops()[0].priority == 1200
