"""``neurosym datasets list``: the benchmarks shipped in the package."""

from __future__ import annotations

from neurosym import datasets
from neurosym.cli import main


def test_list_prints_name_size_source_and_licence(capsys):
    assert main(["datasets", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split()[:4] == ["name", "entities", "relations", "train/dev/test"]
    rows = {line.split()[0]: line for line in out[1:-1]}
    assert list(rows) == list(datasets.BUILTIN)
    assert rows["kinship"].split()[1:4] == ["104", "25", "8544/1068/1074"]
    assert rows["countries_s2"].split()[1:4] == ["271", "2", "1062/24/24"]
    for name, b in datasets.BUILTIN.items():
        assert b.source in rows[name] and b.licence in rows[name]
        for lic in b.licences:
            assert (datasets.folder(name) / lic).is_file()
    assert out[-1].endswith(f"{datasets.root()}/FOLDER/")


def test_an_unknown_action_is_a_usage_error(capsys):
    try:
        main(["datasets", "show"])
    except SystemExit as e:
        assert e.code == 2
    assert "invalid choice: 'show'" in capsys.readouterr().err
