"""One contract suite over every registered index backend (numpy, faiss)."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neurosym.bridge import BridgeConfig
from neurosym.bridge.backends import (
    FaissIndex,
    NumpyIndex,
    backend_names,
    get_backend,
    import_faiss,
    make_index,
)
from neurosym.bridge.errors import BackendUnavailableError
from neurosym.errors import ConfigError

# The backends this contract suite covers; the meta-test below fails when a
# backend is registered without being added here.
CONTRACT_BACKENDS = ["faiss", "numpy"]


def test_every_registered_backend_has_the_contract_test():
    assert sorted(backend_names()) == sorted(CONTRACT_BACKENDS)


def reference(x: np.ndarray, q: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    d = np.sqrt(((q[:, None, :].astype(np.float64) - x[None, :, :]) ** 2).sum(-1))
    ids = np.argsort(d, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(d, ids, axis=1), ids


@pytest.fixture(params=CONTRACT_BACKENDS)
def backend(request):
    return get_backend(request.param)


def data(n=300, d=8, m=20, seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, d)).astype(np.float32), \
        rng.standard_normal((m, d)).astype(np.float32)


def test_exact_search_matches_brute_force(backend):
    x, q = data()
    idx = backend(8, "flat")
    idx.build(x)
    assert len(idx) == 300 and idx.exact
    dist, ids = idx.search(q, 10)
    rd, rids = reference(x, q, 10)
    assert dist.shape == ids.shape == (20, 10)
    assert np.array_equal(ids, rids)
    assert np.allclose(dist, rd, atol=1e-4)
    assert (np.diff(dist, axis=1) >= -1e-6).all()


def test_add_appends_rows_with_continuing_ids(backend):
    x, q = data()
    idx = backend(8, "flat")
    idx.build(x[:100])
    idx.add(x[100:])
    assert len(idx) == 300
    _, ids = idx.search(q, 5)
    assert np.array_equal(ids, reference(x, q, 5)[1])
    idx.build(x[:10])                       # build replaces the contents
    assert len(idx) == 10


def test_k_larger_than_rows_and_empty(backend):
    x, q = data(n=4)
    idx = backend(8, "flat")
    dist, ids = idx.search(q, 3)
    assert dist.shape == ids.shape == (20, 0)
    idx.build(x)
    dist, ids = idx.search(q, 10)
    assert ids.shape == (20, 4)
    assert sorted(ids[0].tolist()) == [0, 1, 2, 3]


def test_a_row_is_its_own_nearest_at_distance_zero(backend):
    x, _ = data()
    idx = backend(8, "flat")
    idx.build(x)
    dist, ids = idx.search(x[:50], 1)
    assert np.array_equal(ids[:, 0], np.arange(50))
    assert np.allclose(dist[:, 0], 0.0, atol=1e-3)


def test_wrong_shapes_are_errors(backend):
    idx = backend(8, "flat")
    with pytest.raises(ValueError, match=r"\(n, 8\)"):
        idx.build(np.zeros((3, 5), np.float32))
    idx.build(np.zeros((3, 8), np.float32))
    with pytest.raises(ValueError):
        idx.search(np.zeros((2, 7), np.float32), 1)


def test_make_index_picks_by_config(backend):
    cfg = BridgeConfig(dim=8, backend=backend.name)
    assert isinstance(make_index(cfg, 8, 10), backend)
    assert make_index(cfg, 8, 10).index_type == "flat"


# -- backend-specific -------------------------------------------------------------
def test_numpy_is_exact_only():
    with pytest.raises(BackendUnavailableError, match="'hnsw' is not available in the 'numpy'"):
        NumpyIndex(8, "hnsw")
    cfg = BridgeConfig(dim=8, backend="numpy", approx_threshold=5)
    assert make_index(cfg, 8, 1000).index_type == "flat"   # auto: the reference stays exact
    with pytest.raises(BackendUnavailableError):
        make_index(BridgeConfig(dim=8, backend="numpy", index="ivf"), 8, 10)


def test_numpy_breaks_ties_by_smaller_id():
    idx = NumpyIndex(2)
    idx.build(np.array([[1, 0], [0, 1], [1, 0], [0, 1]], np.float32))
    _, ids = idx.search(np.array([[1, 0]], np.float32), 3)
    assert ids[0].tolist() == [0, 2, 1]


@pytest.mark.parametrize("kind", ["hnsw", "ivf"])
def test_approximate_recall_at_10(kind):
    rng = np.random.default_rng(7)
    x = rng.standard_normal((3000, 16)).astype(np.float32)
    q = rng.standard_normal((100, 16)).astype(np.float32)
    cfg = BridgeConfig(dim=16, index=kind, ivf_nlist=16, ivf_nprobe=8)
    idx = make_index(cfg, 16, len(x))
    assert isinstance(idx, FaissIndex) and idx.index_type == kind and not idx.exact
    idx.build(x)
    _, ids = idx.search(q, 10)
    _, ref = reference(x, q, 10)
    recall = np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ids.tolist(), ref.tolist(), strict=True)])
    assert recall >= 0.9


def test_auto_turns_approximate_past_the_threshold():
    cfg = BridgeConfig(dim=4, approx_threshold=50)
    assert make_index(cfg, 4, 49).index_type == "flat"
    assert make_index(cfg, 4, 50).index_type == "hnsw"


def test_unknown_backend_is_a_config_error():
    with pytest.raises(ConfigError, match="unknown index backend 'annoy'.*faiss, numpy"):
        get_backend("annoy")


def test_missing_faiss_is_a_loud_config_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "faiss", None)     # `import faiss` now raises ImportError
    with pytest.raises(BackendUnavailableError, match="needs the faiss package") as e:
        import_faiss()
    assert isinstance(e.value, ConfigError)
    with pytest.raises(BackendUnavailableError, match="backend='numpy'"):
        FaissIndex(8, "flat")
    assert isinstance(NumpyIndex(8), NumpyIndex)        # the reference needs nothing


def test_missing_index_type_in_faiss_build_is_reported(monkeypatch):
    import faiss

    monkeypatch.delattr(faiss, "IndexHNSWFlat")
    with pytest.raises(BackendUnavailableError, match="no IndexHNSWFlat"):
        FaissIndex(8, "hnsw")


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 60), d=st.integers(1, 6), m=st.integers(1, 5), k=st.integers(1, 70),
       seed=st.integers(0, 2**32 - 1))
def test_exact_backends_agree(n, d, m, k, seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)).astype(np.float32)
    q = rng.standard_normal((m, d)).astype(np.float32)
    results = []
    for name in CONTRACT_BACKENDS:
        idx = get_backend(name)(d, "flat")
        idx.build(x)
        results.append(idx.search(q, k))
    (d0, i0), (d1, i1) = results
    assert i0.shape == i1.shape == (m, min(k, n))
    assert np.allclose(d0, d1, atol=1e-4)
    rd, _ = reference(x, q, k)
    assert np.allclose(d0, rd, atol=1e-4)
