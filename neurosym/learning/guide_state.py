"""A trained step scorer as plain tensors (``kb.models["guide"]``) and back.

The state is the network's ``state_dict`` plus ``meta``: UTF-8 JSON as a
``uint8`` tensor with the format, its version, the ``GuideConfig``, the
space's dimension, the clause keys of the per-clause vectors (in row order),
whether it reads the constants' vectors and the self-play curve.  The persistence layer checks each file's SHA-256
and reads it with ``weights_only=True``; here every tensor's shape is
checked against the config, so a mismatched state is refused with a
``CheckpointError`` saying what differs, never half loaded.
"""

from __future__ import annotations

import json

import torch
from pydantic import ValidationError

from ..errors import CheckpointError
from .guide_model import N_NUMERIC, N_NUMERIC_V2, GuideNet, LearnedScorer
from .selfplay import GuideConfig, GuideRound

__all__ = ["GUIDE_NAME", "guide_state", "guide_meta", "scorer_from_state", "FORMAT", "VERSION"]

GUIDE_NAME = "guide"
FORMAT = "neurosym-guide"
VERSION = 3              # 2: a tenth numeric feature, "symbols"; 3: two of the second look-ahead step
READABLE = (2, 3)        # a version-2 state is read with its ten numeric features


def guide_state(scorer: LearnedScorer, config: GuideConfig,
                history: list[GuideRound]) -> dict[str, torch.Tensor]:
    """The scorer's state as plain CPU tensors."""
    keys = sorted(scorer.clauses, key=scorer.clauses.get)
    meta = {"format": FORMAT, "version": VERSION, "config": config.model_dump(mode="json"),
            "dim": scorer.net.dim, "clauses": keys, "arguments": scorer.arguments,
            "symbols": scorer.symbols, "numeric": scorer.net.n_numeric,
            "history": [h.model_dump(mode="json") for h in history]}
    state = {k: v.detach().to("cpu").clone().contiguous()
             for k, v in scorer.net.state_dict().items()}
    state["meta"] = torch.frombuffer(bytearray(json.dumps(meta).encode("utf-8")),
                                     dtype=torch.uint8).clone()
    return state


def guide_meta(state, where: str = "guide") -> tuple[GuideConfig, list, int, list, bool, bool,
                                                     int]:
    """``(config, history, dim, clause_keys, arguments, symbols, numeric)`` of
    :func:`guide_state`'s tensors, read from their metadata alone (no network
    is built); ``numeric``: the numeric features the network reads (a
    version-2 state's ten: it is used as it was trained, without the second
    look-ahead step)."""
    def fail(why: str) -> CheckpointError:
        return CheckpointError(f"{where}: {why}")
    if not isinstance(state, dict) or "meta" not in state:
        raise fail("not a step scorer's state (no meta)")
    t = state["meta"]
    if not isinstance(t, torch.Tensor) or t.dtype != torch.uint8 or t.ndim != 1:
        raise fail("malformed metadata tensor")
    try:
        meta = json.loads(bytes(t.tolist()).decode("utf-8"))
        if meta.get("format") != FORMAT:
            raise fail(f"not a {FORMAT} state")
        if meta.get("version") not in READABLE:
            raise fail(f"unsupported format version {meta.get('version')!r} "
                       f"(this neurosym reads versions {READABLE[0]}-{READABLE[-1]})")
        config = GuideConfig(**meta["config"])
        history = [GuideRound(**h) for h in meta["history"]]
        dim, keys = int(meta["dim"]), list(meta["clauses"])
        arguments, symbols = meta["arguments"], meta["symbols"]
        numeric = N_NUMERIC_V2 if meta["version"] == 2 else meta["numeric"]
        if numeric not in (N_NUMERIC_V2, N_NUMERIC):
            raise TypeError(f"'numeric' is {numeric!r}, not {N_NUMERIC_V2} or {N_NUMERIC}")
        for name, flag in (("arguments", arguments), ("symbols", symbols)):
            if not isinstance(flag, bool):
                raise TypeError(f"{name!r} is {flag!r}, not true or false")
    except (ValueError, KeyError, TypeError, AttributeError, ValidationError) as e:
        raise fail(f"malformed metadata ({type(e).__name__}: {e})") from None
    return config, history, dim, keys, arguments, symbols, numeric


def scorer_from_state(state, vectors, store, where: str = "guide",
                      device: str = "cpu") -> tuple[LearnedScorer, GuideConfig, list]:
    """``(scorer, config, history)`` from :func:`guide_state`'s tensors over
    a knowledge base's ``vectors`` and ``store``."""
    def fail(why: str) -> CheckpointError:
        return CheckpointError(f"{where}: {why}")
    config, history, dim, keys, arguments, symbols, numeric = guide_meta(state, where)
    space_dim = vectors.space.dim
    if dim != space_dim:
        raise fail(f"trained over vectors of dimension {dim}, but the knowledge base's "
                   f"space has dimension {space_dim}")
    net = GuideNet(dim, config.hidden, len(keys) + 1, numeric)
    want = net.state_dict()
    got = {k: v for k, v in state.items() if k != "meta"}
    if set(got) != set(want):
        missing, extra = sorted(set(want) - set(got)), sorted(set(got) - set(want))
        raise fail(f"tensors differ from the network's (missing {missing}, unexpected {extra})")
    for k, v in got.items():
        if not isinstance(v, torch.Tensor) or v.shape != want[k].shape:
            shape = tuple(v.shape) if isinstance(v, torch.Tensor) else type(v).__name__
            raise fail(f"tensor {k!r} has shape {shape}, expected {tuple(want[k].shape)}")
        if not torch.isfinite(v).all():
            raise fail(f"tensor {k!r} holds NaN or infinite values")
    net.load_state_dict(got)
    net.eval()
    clauses = {k: i for i, k in enumerate(keys, start=1)}
    scorer = LearnedScorer(net.to(device), vectors, store, clauses, device=device,
                           arguments=arguments, symbols=symbols)
    return scorer, config, history
