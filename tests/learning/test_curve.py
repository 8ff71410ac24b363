"""The learning curve (``curve.png``): a title, axes that hold the data (the
loss from 0, the dev metric, a rate, from 0 to 1) and the kept epoch marked."""

from __future__ import annotations

import matplotlib.pyplot as plt

from neurosym.learning.report import curve_figure, save_curve
from neurosym.learning.result import EpochStats, TrainResult


def result(dev=True):
    hist = [EpochStats(epoch=e, loss=l, dev=d if dev else None, seconds=1.0)
            for e, l, d in ((1, 2.5, 0.41), (2, 1.2, 0.77), (3, 0.9, 0.72))]
    return TrainResult(model=None, entities=[], relations=[], history=hist,
                       dev_metric="MRR" if dev else None, best_epoch=2 if dev else None)


def test_title_axes_in_range_and_the_kept_epoch():
    fig = curve_figure(result(), plt)
    ax, ax2 = fig.axes
    assert "MRR" in ax.get_title() and "loss" in ax.get_title()
    lo, hi = ax.get_ylim()
    assert lo == 0.0 and hi >= 2.5                   # every loss is inside
    assert ax2.get_ylim() == (0.0, 1.0)
    assert ax.get_xlabel() == "epoch" and "MRR" in ax2.get_ylabel()
    [kept] = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
    assert list(kept.get_xdata()) == [2, 2]
    plt.close(fig)


def test_without_dev_one_axis_and_no_mark(tmp_path):
    fig = curve_figure(result(dev=False), plt)
    assert len(fig.axes) == 1 and fig.axes[0].get_title() == "training: loss per epoch"
    assert not [line for line in fig.axes[0].get_lines() if line.get_linestyle() == ":"]
    plt.close(fig)
    p = save_curve(result(dev=False), tmp_path / "curve.png")
    assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
