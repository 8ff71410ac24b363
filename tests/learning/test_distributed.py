"""Data-parallel training (``neurosym.learning.distributed``): two CPU
processes under ``torch.distributed`` (gloo) train the link predictor to the
same parameters as one process."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from neurosym.learning.distributed import share, world
from neurosym.learning.kge import KGEConfig, train_kge

N_ENT, N_REL = 30, 4
CONFIG = KGEConfig(dim=8, epochs=4, batch_size=50, lr=0.1, seed=3)


def data() -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.stack([rng.integers(0, N_ENT, 300), rng.integers(0, N_REL, 300),
                     rng.integers(0, N_ENT, 300)], 1)


def _worker(rank: int, size: int, init: str, out: str) -> None:
    dist.init_process_group("gloo", init_method=init, rank=rank, world_size=size)
    try:
        assert world() == (rank, size)
        model, stats = train_kge(config=CONFIG, train=data(), n_entities=N_ENT, n_relations=N_REL)
        torch.save({"entity": model.entity.detach(), "relation": model.relation.detach(),
                    "losses": torch.tensor(stats.losses)}, f"{out}.{rank}")
    finally:
        dist.destroy_process_group()


@pytest.mark.slow
def test_two_processes_train_what_one_does(tmp_path):
    one, stats = train_kge(config=CONFIG, train=data(), n_entities=N_ENT, n_relations=N_REL)
    out = str(tmp_path / "params")
    mp.spawn(_worker, args=(2, f"file://{tmp_path / 'rendezvous'}", out), nprocs=2, join=True)
    r0, r1 = (torch.load(f"{out}.{r}", weights_only=True) for r in (0, 1))
    for name in ("entity", "relation"):
        assert torch.equal(r0[name], r1[name])                 # the processes agree exactly
        assert torch.allclose(r0[name], getattr(one, name).detach(), atol=1e-5)
        assert not torch.allclose(r0[name], torch.zeros_like(r0[name]))
    assert torch.allclose(r0["losses"], torch.tensor(stats.losses), atol=1e-5)
    assert stats.losses[-1] < stats.losses[0]                  # it did train


def test_without_a_process_group_nothing_is_split():
    assert world() == (0, 1) and share(7) == slice(0, 7)
