"""Data-parallel training under ``torch.distributed`` (CPU: the gloo backend).

Launched with ``torchrun --nproc_per_node=N``, every process runs the same
training with the same seeds, so all of them draw the same shuffles, batches
and corruptions; each computes the loss of its own contiguous share of every
batch, normalised by the *whole* batch, and the gradients are summed over the
processes (``all_reduce``, as ``DistributedDataParallel`` does) before the
optimiser step.  The parameters therefore stay identical everywhere and equal
to one process's training on the whole batch, up to the order of float sums.

Nothing changes without a process group: :func:`world` is ``(0, 1)``.
:func:`init_from_env` starts the group from torchrun's environment.
"""

from __future__ import annotations

import os

import torch
import torch.distributed as dist

__all__ = ["world", "init_from_env", "finish", "share", "sum_gradients", "sum_value"]


def world() -> tuple[int, int]:
    """``(rank, world size)``; ``(0, 1)`` without a process group."""
    if dist.is_available() and dist.is_initialized():
        return dist.get_rank(), dist.get_world_size()
    return 0, 1


def init_from_env(backend: str = "gloo") -> bool:
    """Start the process group from torchrun's environment (``WORLD_SIZE`` >
    1, ``RANK``, ``MASTER_ADDR``...) unless one is running; whether training is
    distributed now."""
    if dist.is_available() and not dist.is_initialized() and \
            int(os.environ.get("WORLD_SIZE", "1")) > 1:
        dist.init_process_group(backend)
    return world()[1] > 1


def finish() -> None:
    """Wait for every process, then end the process group (if one runs), so
    that no process leaves while another still talks to it."""
    if dist.is_available() and dist.is_initialized():
        dist.barrier()
        dist.destroy_process_group()


def share(n: int) -> slice:
    """This process's contiguous share of ``n`` rows (shares differ by one row at most)."""
    rank, size = world()
    return slice(rank * n // size, (rank + 1) * n // size)


def sum_gradients(params) -> None:
    """Sum every parameter's gradient over the processes.  A parameter that
    has a gradient in some process counts as 0 where it has none; one that
    has none anywhere keeps none (the optimiser skips it, as in one process)."""
    if world()[1] == 1:
        return
    params = list(params)
    has = torch.tensor([p.grad is not None for p in params], dtype=torch.int32)
    dist.all_reduce(has)
    for p, h in zip(params, has.tolist(), strict=True):
        if not h:
            continue
        if p.grad is None:
            p.grad = torch.zeros_like(p)
        dist.all_reduce(p.grad)


def sum_value(x: float) -> float:
    """A number summed over the processes."""
    if world()[1] == 1:
        return x
    t = torch.tensor([x], dtype=torch.float64)
    dist.all_reduce(t)
    return float(t.item())
