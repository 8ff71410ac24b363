"""A data set the package does not know: a folder of train/dev/test files in
TSV (with or without a header), CSV with named columns, or NSL facts."""

from __future__ import annotations

import numpy as np
import pytest

from neurosym import datasets
from neurosym.cli import main
from neurosym.errors import ConfigError, ParseError
from neurosym.learning.data import load_dataset
from neurosym.learning.folder import load_folder, read_triples

ROWS = {"train": [("ann", "likes", "bob"), ("bob", "likes", "cat"), ("cat", "knows", "ann")],
        "dev": [("ann", "knows", "cat")],
        "test": [("bob", "knows", "ann")]}


def _write(folder, split, ext, rows):
    folder.mkdir(exist_ok=True)
    if ext == "tsv":
        text = "".join(f"{h}\t{r}\t{t}\n" for h, r, t in rows)
    elif ext == "tsv-header":       # columns by name, in another order
        ext, text = "tsv", "relation\ttail\thead\n" + "".join(f"{r}\t{t}\t{h}\n"
                                                              for h, r, t in rows)
    elif ext == "csv":
        text = "id,subject,predicate,object\n" + "".join(f"{i},{h},{r},{t}\n"
                                                         for i, (h, r, t) in enumerate(rows))
    else:
        text = "".join(f"{r}({h}, {t}).\n" for h, r, t in rows)
    (folder / f"{split}.{ext}").write_text(text)


@pytest.mark.parametrize("ext", ["tsv", "tsv-header", "csv", "nsl"])
def test_every_format_reads_the_same_data_set(tmp_path, ext):
    d = tmp_path / "mine"
    for split, rows in ROWS.items():
        _write(d, split, ext, rows)
    ds = load_dataset(d)
    assert ds.name == "mine"
    assert ds.entities == ["ann", "bob", "cat"] and ds.relations == ["likes", "knows"]
    for split, rows in ROWS.items():
        assert ds.names(ds.split(split)) == rows
    assert len(ds.known) == 5 and ds.countries is None


def test_formats_mix_across_splits_and_blank_lines_are_skipped(tmp_path):
    d = tmp_path / "mixed"
    _write(d, "train", "tsv", ROWS["train"])
    _write(d, "dev", "csv", ROWS["dev"])
    _write(d, "test", "nsl", ROWS["test"])
    (d / "train.tsv").write_text("\n" + (d / "train.tsv").read_text() + "\n\n")
    ds = load_folder(d)
    assert ds.names(ds.train) == ROWS["train"] and ds.names(ds.test) == ROWS["test"]


@pytest.mark.parametrize("more, kept", [([], False), ([("o", "likes", "ann")], True)])
def test_a_first_line_of_column_names_is_a_header_only_if_they_are_not_data(tmp_path, more,
                                                                          kept):
    d = tmp_path / "named"
    for split, rows in ROWS.items():
        _write(d, split, "tsv", rows + (more if split == "train" else []))
    (d / "train.tsv").write_text("s\tp\to\n" + (d / "train.tsv").read_text())
    ds = load_folder(d)        # 'o' in the data: the line is the triple p(s, o)
    assert ds.names(ds.train) == ([("s", "p", "o")] if kept else []) + ROWS["train"] + more
    (note,) = ds.notes
    assert note.file.endswith("train.tsv") and note.line == 1
    assert ("read as a triple" if kept else "read as a header") in note.message


def test_a_benchmark_folder_reads_as_its_built_in_loader_does():
    ds, ref = load_folder(datasets.folder("nations")), load_dataset("nations")
    assert ds.entities == ref.entities and ds.relations == ref.relations
    for split in ("train", "dev", "test"):
        assert np.array_equal(ds.split(split), ref.split(split))


@pytest.mark.parametrize("name, text, where, message", [
    ("train.tsv", "a\tr\tb\nc\tr\n", (2, 4), "expected 3 tab-separated fields, found 2"),
    ("train.tsv", "a\tr\tb\tx\n", (1, 7), "expected 3 tab-separated fields, found 4"),
    ("train.tsv", "a\tr\tb\nc\t\td\n", (2, 3), "empty name"),
    ("train.tsv", "head\trelation\ttail\na\tr\n", (2, 4), "found 2"),
    ("train.csv", "a,r,b\n", (1, 1), "needs a header naming its head, relation and tail"),
    ("train.csv", "head,relation,tail\na,r\n", (2, 4), "expected 3 comma-separated fields"),
    ("train.csv", "head,relation,tail\na,,b\n", (2, 3), "empty relation"),
    ("train.nsl", "r(a, b).\nr(X, b).\n", (2, 1), "expected a ground fact"),
    ("train.nsl", "r(a, b).\np(a) :- r(a, b).\n", (2, 1), "expected a ground fact"),
    ("train.nsl", "r(a, b).\nr(a, .\n", (2, 2), ""),     # the parser's syntax error
])
def test_a_bad_row_is_an_error_at_its_line_and_column(tmp_path, name, text, where, message):
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(ParseError) as e:
        read_triples(path)
    assert (e.value.file, e.value.line, e.value.column) == (str(path), *where)
    assert message in e.value.message
    assert e.value.render().startswith(f"{path}:{where[0]}:{where[1]}: error:")


def test_missing_and_ambiguous_split_files(tmp_path):
    d = tmp_path / "d"
    _write(d, "train", "tsv", ROWS["train"])
    _write(d, "dev", "tsv", ROWS["dev"])
    with pytest.raises(ConfigError, match=r"no test file \(expected test.tsv, test.csv"):
        load_folder(d)
    _write(d, "test", "tsv", ROWS["test"])
    _write(d, "test", "csv", ROWS["test"])
    with pytest.raises(ConfigError, match="several test files"):
        load_folder(d)
    with pytest.raises(ConfigError, match="unknown dataset .*nowhere.*or a folder"):
        load_dataset(tmp_path / "nowhere")


def test_the_cli_reports_a_bad_row_with_its_place_and_no_traceback(tmp_path, capsys):
    d = tmp_path / "d"
    for split, rows in ROWS.items():
        _write(d, split, "tsv", rows)
    (d / "dev.tsv").write_text("ann\tknows\n")
    assert main(["eval", str(d), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{d / 'dev.tsv'}:1:10: error: expected 3 tab-separated fields")
    assert "Traceback" not in err
