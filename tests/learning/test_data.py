"""Loading the benchmarks: counts from the data READMEs, splits, ids, the KB side."""

from __future__ import annotations

import shutil
from collections import Counter

import numpy as np
import pytest

from neurosym import KnowledgeBase, datasets
from neurosym.errors import ConfigError, ParseError
from neurosym.learning.data import load_dataset
from neurosym.terms import SymbolTable

DATA = datasets.root()      # the benchmarks shipped in the package


@pytest.mark.parametrize("name, ents, rels, sizes", [
    ("nations", 14, 55, (1592, 199, 201)),
    ("kinship", 104, 25, (8544, 1068, 1074)),
])
def test_nations_and_kinship_counts(name, ents, rels, sizes):
    d = load_dataset(name, DATA)
    assert (d.n_entities, d.n_relations) == (ents, rels)
    assert (len(d.train), len(d.dev), len(d.test)) == sizes
    assert len(d.known) == sum(sizes)              # disjoint splits
    for t in (d.train, d.dev, d.test):
        assert t.dtype == np.int64 and t.shape[1] == 3
    assert d.entities == list(dict.fromkeys(
        x for h, _, t in d.names(d.train) for x in (h, t)))[:len(d.entities)]


@pytest.mark.parametrize("k, n_train", [(1, 1110), (2, 1062), (3, 978)])
def test_countries_splits(k, n_train):
    d = load_dataset(f"countries_s{k}", DATA)
    assert (d.n_entities, d.n_relations, len(d.train)) == (271, 2, n_train)
    info = d.countries
    assert [d.entities[r] for r in info.regions] == \
        ["oceania", "asia", "europe", "africa", "americas"]
    assert len(info.test_countries) == len(info.dev_countries) == 24
    assert not set(info.test_countries.tolist()) & set(info.dev_countries.tolist())
    gold = Counter(d.entities[o] for _, _, o in d.test.tolist())
    assert gold == {"africa": 8, "asia": 6, "americas": 5, "europe": 5}
    train = {tuple(t) for t in d.train.tolist()}
    loc = info.located_in
    held = set(info.test_countries.tolist()) | set(info.dev_countries.tolist())
    # no held-out country keeps its region (nor, from S2, any locatedIn fact)
    for s, r, o in train:
        if s in held and r == loc:
            assert k == 1 and o not in set(info.regions.tolist())
    assert all(tuple(t) in {tuple(x) for x in d.known.tolist()} for t in d.test.tolist())
    assert len(d.known) == 1158


def test_countries_upstream_dev_is_the_inconsistent_file():
    d = load_dataset("countries_s1", DATA, dev="upstream")
    info = d.countries
    assert len(set(info.dev_countries.tolist()) & set(info.test_countries.tolist())) == 7
    with pytest.raises(ConfigError):
        load_dataset("countries_s1", DATA, dev="other")


def test_names_and_folders():
    for alias in ("Countries-S2", "S2", "countries_s2"):
        assert load_dataset(alias, DATA).name == "countries_s2"
    assert load_dataset("nations", DATA / "nations").n_entities == 14
    with pytest.raises(ConfigError, match="unknown dataset"):
        load_dataset("fb15k", DATA)


def test_the_packaged_copies_unless_the_environment_variable_names_another(monkeypatch,
                                                                          tmp_path):
    monkeypatch.delenv("NEUROSYM_DATA", raising=False)
    d = load_dataset("nations")
    assert d.n_relations == 55 and d.path == datasets.folder("nations")
    shutil.copytree(DATA / "nations", tmp_path / "nations")
    with open(tmp_path / "nations" / "train.tsv", "a") as f:
        f.write("usa\tnew_relation\tcuba\n")
    monkeypatch.setenv("NEUROSYM_DATA", str(tmp_path))
    assert load_dataset("nations").n_relations == 56
    with pytest.raises(ConfigError, match="not found"):
        load_dataset("nations", DATA / "nowhere")


def test_missing_and_bad_files(tmp_path):
    (tmp_path / "nations").mkdir()
    with pytest.raises(ConfigError, match="train.tsv"):
        load_dataset("nations", tmp_path)
    c = tmp_path / "countries"
    shutil.copytree(DATA / "countries", c)
    (c / "countries.nl").write_text("locatedIn(a,b).\nthis is not a fact\n")
    with pytest.raises(ParseError) as e:
        load_dataset("countries_s1", tmp_path)
    assert e.value.line == 2


def test_filters_mark_known_answers():
    d = load_dataset("nations", DATA)
    f = d.filters()
    t = d.test[:5]
    om, sm = f.object_mask(t), f.subject_mask(t)
    known = {tuple(x) for x in d.known.tolist()}
    for i, (s, r, o) in enumerate(t.tolist()):
        assert om[i].tolist() == [(s, r, e) in known for e in range(d.n_entities)]
        assert sm[i].tolist() == [(e, r, o) in known for e in range(d.n_entities)]
        assert (s, r, o) in f
    unknown = next((s, r, o) for s in range(d.n_entities) for r in range(d.n_relations)
                   for o in range(d.n_entities) if (s, r, o) not in known)
    assert unknown not in f


def test_knowledge_base_holds_the_training_facts():
    d = load_dataset("countries_s1", DATA)
    kb = KnowledgeBase()
    d.add_facts(kb.store)
    assert kb.count("locatedIn(_, _)") + kb.count("neighborOf(_, _)") == len(d.train)
    assert kb.ask("locatedIn(palau, oceania)")
    eritrea = d.entities[int(d.test[0, 0])]
    assert eritrea == "eritrea"
    assert not kb.ask(f"locatedIn({eritrea}, africa)")
    ids = d.symbol_ids(kb.symbols)
    back = d.dense_ids(kb.symbols)
    assert (back.entities[ids.entities] == np.arange(d.n_entities)).all()
    assert (back.relations[ids.relations] == np.arange(d.n_relations)).all()
    assert kb.symbols[int(ids.relations[d.countries.located_in])].name == "locatedIn"


def test_symbol_ids_without_interning():
    d = load_dataset("nations", DATA)
    table = SymbolTable(["usa", "other"])
    ids = d.symbol_ids(table, intern=False)
    assert ids.entities[d.entity_id("usa")] == 0
    assert (ids.entities == -1).sum() == d.n_entities - 1
    assert len(table) == 2
    assert d.dense_ids(table).entities.tolist() == [d.entity_id("usa"), -1]
