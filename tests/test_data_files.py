"""Every data file shipped in neurosym/datasets loads with the counts its README
states, and each folder ships its licence files."""


import numpy as np
import pytest

from neurosym import datasets
from neurosym.lang import format_term
from neurosym.lang.facts import FactBlock, segments
from neurosym.lang.loader import load_file
from neurosym.store import Store
from neurosym.store.tsv import load_tsv
from neurosym.terms import Atom, Clause

DATA = datasets.root()

# file: (lines = facts stored, distinct facts, entities, relations)  -- from the READMEs
COUNTS = {
    "countries/countries.nl": (1159, 1158, 271, 2),
    "countries/countries_S1.nl": (1111, 1110, 271, 2),
    "countries/countries_S2.nl": (1063, 1062, 271, 2),
    "countries/countries_S3.nl": (979, 978, 271, 2),
    "countries/countries_S1.tsv": (1111, 1110, 271, 2),
    "countries/countries_S2.tsv": (1063, 1062, 271, 2),
    "countries/countries_S3.tsv": (979, 978, 271, 2),
    "kinship/train.tsv": (8544, 8544, 104, 25),
    "kinship/dev.tsv": (1068, 1068, 104, 22),
    "kinship/test.tsv": (1074, 1074, 104, 23),
    "kinship/all.tsv": (10686, 10686, 104, 25),
    "nations/train.tsv": (1592, 1592, 14, 55),
    "nations/dev.tsv": (199, 199, 14, 45),
    "nations/test.tsv": (201, 201, 14, 41),
    "nations/all.tsv": (1992, 1992, 14, 55),
}


def test_every_data_file_is_listed():
    found = {str(p.relative_to(DATA)) for p in DATA.rglob("*") if p.suffix in (".nl", ".tsv")}
    assert found == set(COUNTS)


def consult(store, program):
    for seg in segments(program.items):
        if type(seg) is FactBlock:
            store.add_block(seg)
        else:
            for item in seg:
                assert type(item) is Clause
                store.add(item)


def counts(store):
    keys = store.predicates()
    assert all(k[1] == 2 for k in keys)
    total = sum(store.count(k) for k in keys)
    distinct = sum(store.distinct_count(k) for k in keys)
    if all(store.columns_complete(k) for k in keys):
        entities = len(np.unique(np.concatenate([store.columns(k).ravel() for k in keys])))
    else:   # Prolog reads south-eastern_asia as -(south, eastern_asia): count terms
        entities = len({format_term(a) for k in keys for c in store.clauses(k)
                        for a in c.head.args})
    return total, distinct, entities, len(keys)


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_load_file_counts(name, tmp_path, monkeypatch):
    monkeypatch.setenv("NEUROSYM_CACHE_DIR", str(tmp_path))
    for _ in range(2):                                  # parse, then from the cache
        store = Store()
        program = load_file(DATA / name)
        assert program.warnings == [] or name.endswith(".nl")
        consult(store, program)
        assert counts(store) == COUNTS[name]


@pytest.mark.parametrize("name", [n for n in sorted(COUNTS) if n.endswith(".tsv")])
def test_load_tsv_counts(name):
    store = Store()
    assert load_tsv(DATA / name, store) == COUNTS[name][0]
    assert counts(store) == COUNTS[name]


def test_countries_relations_and_duplicate():
    store = Store()
    consult(store, load_file(DATA / "countries/countries.nl", use_cache=False))
    located, neighbor = (Atom("locatedIn"), 2), (Atom("neighborOf"), 2)
    assert store.count(neighbor) == 648 and store.count(located) == 511
    dup = [c for c in store.clauses(located)
           if c.head.args == (Atom("micronesia"), Atom("oceania"))]
    assert len(dup) == 2


@pytest.mark.parametrize("k", [1, 2, 3])
def test_countries_tsv_and_nl_are_the_same_facts(k):
    a, b = Store(), Store()
    consult(a, load_file(DATA / f"countries/countries_S{k}.nl", use_cache=False))
    load_tsv(DATA / f"countries/countries_S{k}.tsv", b)

    def facts(st):    # as text: the atom 'south-eastern_asia' writes as -(south, eastern_asia)
        return sorted((c.head.name.name,) + tuple(format_term(x) for x in c.head.args)
                      for key in st.predicates() for c in st.clauses(key))

    assert facts(a) == facts(b)


def test_countries_nl_hyphenated_names_are_compound_terms():
    """As in SWI-Prolog, ``locatedIn(brunei,south-eastern_asia).`` has a
    compound second argument, so such facts are not in the columnar view."""
    store = Store()
    consult(store, load_file(DATA / "countries/countries_S1.nl", use_cache=False))
    located = (Atom("locatedIn"), 2)
    odd = [c for c in store.clauses(located) if any(type(a) is not Atom for a in c.head.args)]
    assert odd and all(a.name is Atom("-") for c in odd for a in c.head.args
                       if type(a) is not Atom)
    n_odd = sum(1 for k in store.predicates() for c in store.clauses(k)
                if any(type(a) is not Atom for a in c.head.args))
    assert n_odd == 20                                   # lines of S1 with a '-'
    assert len(store.columns(located)) + len(odd) == store.count(located)


@pytest.mark.parametrize("ds", ["kinship", "nations"])
def test_all_is_union_of_disjoint_splits(ds):
    def triples(split):
        st = Store()
        load_tsv(DATA / ds / f"{split}.tsv", st)
        return {(k[0].name,) + tuple(x.name for x in c.head.args)
                for k in st.predicates() for c in st.clauses(k)}

    tr, dv, te, al = (triples(s) for s in ("train", "dev", "test", "all"))
    assert tr | dv | te == al and len(tr) + len(dv) + len(te) == len(al)


def test_every_shipped_folder_has_its_readme_checksums_and_licences():
    import hashlib
    for b in datasets.BUILTIN.values():
        d = datasets.folder(b.name)
        assert (d / "README.md").is_file()
        for lic in b.licences:
            assert "Permission is hereby granted" in (d / lic).read_text() \
                or "Apache License" in (d / lic).read_text()
        for line in (d / "SHA256SUMS").read_text().splitlines():
            digest, name = line.split()
            assert hashlib.sha256((d / name.lstrip("*")).read_bytes()).hexdigest() == digest
