"""Data-parallel training (``neurosym.learning.distributed``): two CPU
processes under ``torch.distributed`` (gloo) train the link predictor and the
prover to the same parameters as one process."""

from __future__ import annotations

import os
import re

import numpy as np
import pytest
import torch
import torch.distributed as dist
import torch.multiprocessing as mp

from neurosym import KnowledgeBase
from neurosym.learning.config import OptimConfig, ProverConfig, TrainConfig
from neurosym.learning.distributed import finish, share, world
from neurosym.learning.kge import KGEConfig, train_kge
from neurosym.learning.templates import parse_templates
from neurosym.learning.train import train_ntp, triples_from_store

N_ENT, N_REL = 30, 4
CONFIG = KGEConfig(dim=8, epochs=4, batch_size=50, lr=0.1, seed=3)


def data() -> np.ndarray:
    rng = np.random.default_rng(0)
    return np.stack([rng.integers(0, N_ENT, 300), rng.integers(0, N_REL, 300),
                     rng.integers(0, N_ENT, 300)], 1)


SMALL = """
parent(ann, bob). parent(bob, cid). parent(cid, dan). parent(dan, eve).
parent(eve, fay). parent(fay, gus). parent(gus, hal).
ancestor(ann, bob). ancestor(bob, cid). ancestor(ann, cid). ancestor(bob, dan).
ancestor(cid, eve). ancestor(dan, fay). ancestor(cid, dan).
"""
TEMPLATES = "2 #1(X, Y) :- #2(X, Z), #3(Z, Y).\n1 #1(X, Y) :- #2(X, Y).\n"
PROVER = TrainConfig(prover=ProverConfig(dim=8, k=3),
                     optim=OptimConfig(epochs=2, batch_size=5, lr=0.05, pretrain_epochs=1))


def train_prover():
    ents, rels, t = triples_from_store(KnowledgeBase.from_string(SMALL).store)
    res = train_ntp(t, ents, rels, parse_templates(TEMPLATES), PROVER)
    p = res.model.prover
    return {"entity": p.entity.detach(), "relation": p.relation.detach(),
            "rule_params": p.rule_params.detach(),
            "losses": torch.tensor([h.loss for h in res.history])}


def train_link():
    model, stats = train_kge(config=CONFIG, train=data(), n_entities=N_ENT, n_relations=N_REL)
    return {"entity": model.entity.detach(), "relation": model.relation.detach(),
            "losses": torch.tensor(stats.losses)}


def _worker(rank: int, size: int, init: str, out: str, what: str) -> None:
    dist.init_process_group("gloo", init_method=init, rank=rank, world_size=size)
    assert world() == (rank, size)
    torch.save(train_link() if what == "link" else train_prover(), f"{out}.{rank}")
    finish()           # a barrier first: no process leaves while the other still talks
    # Leave without the interpreter's teardown: gloo's C++ threads, destroyed
    # during finalisation, now and then abort the process ("terminate called
    # without an active exception") after all the work is done and saved.
    os._exit(0)


@pytest.mark.slow
@pytest.mark.parametrize("what", ["link", "prover"])
def test_two_processes_train_what_one_does(tmp_path, what):
    one = train_link() if what == "link" else train_prover()
    out = str(tmp_path / "params")
    mp.spawn(_worker, args=(2, f"file://{tmp_path / 'rendezvous'}", out, what), nprocs=2,
             join=True)
    r0, r1 = (torch.load(f"{out}.{r}", weights_only=True) for r in (0, 1))
    for name, value in one.items():
        assert torch.equal(r0[name], r1[name])                 # the processes agree exactly
        assert torch.allclose(r0[name], value, atol=1e-5), name
    assert one["losses"][-1] < one["losses"][0]                # it did train


def test_without_a_process_group_nothing_is_split():
    assert world() == (0, 1) and share(7) == slice(0, 7)


@pytest.mark.slow
def test_torchrun_neurosym_train_prints_what_one_process_does(tmp_path):
    """``torchrun --nproc_per_node=2 -m neurosym train``: one report (from the
    first process), the same rules and losses as a plain run."""
    import subprocess
    import sys
    f = tmp_path / "family.nsl"
    f.write_text(SMALL)
    t = tmp_path / "rules.nlt"
    t.write_text(TEMPLATES)
    args = ["-m", "neurosym", "train", str(f), "--templates", str(t), "--epochs", "2",
            "--dim", "8", "--batch-size", "5", "-k", "3", "--quiet"]
    torchrun = os.path.join(os.path.dirname(sys.executable), "torchrun")
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    one = subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env,
                         timeout=300)
    two = subprocess.run([torchrun, "--standalone", "--nproc_per_node=2", *args],
                         capture_output=True, text=True, env=env, timeout=300, cwd=tmp_path)
    assert one.returncode == 0 and two.returncode == 0, two.stderr[-2000:]

    def report(out):     # the rules and the final loss; not the seconds
        lines = out.splitlines()
        return [re.sub(r"in [\d.]+ s", "", ln) for ln in lines]
    assert report(two.stdout) == report(one.stdout)
    assert two.stdout.count("% trained 2 epochs") == 1 and " :: " in two.stdout
