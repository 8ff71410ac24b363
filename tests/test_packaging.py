"""The project installs as users install it: the wheel ships the grammar and
the installed package loads it from there; the README and CI agree."""

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from neurosym import datasets
from neurosym.version import __version__

ROOT = Path(__file__).resolve().parents[1]


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text()
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)\n```", quick, re.S)


def test_readme_quick_start_has_the_two_commands_and_ci_runs_the_test_one():
    showcase, tests = _readme_commands()
    assert "neurosym run kb/" in showcase
    assert tests.rstrip().endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text()
    assert tests in ci.splitlines(), ".ci/run must run the README's test command verbatim"
    assert "swi-prolog-nox" in ci


def test_wheel_ships_the_grammar_and_the_installed_package_uses_it(tmp_path):
    wheel_dir = tmp_path / "wheel"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(wheel_dir), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = wheel_dir.glob("neurosym_engine-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "neurosym/grammars/nsl.lark" in names
    for b in datasets.BUILTIN.values():        # the shipped benchmarks with their licences
        shipped = {p.name for p in datasets.folder(b.name).iterdir() if p.is_file()}
        assert {f"neurosym/datasets/{b.folder}/{f}" for f in shipped} <= set(names)
        assert set(b.licences) <= shipped
    assert not any(n.startswith(("tests/", "kb/")) for n in names)
    info = f"neurosym_engine-{__version__}.dist-info"
    _assert_licensed(zipfile.ZipFile(wheel), f"{info}/licenses/LICENSE", f"{info}/METADATA")

    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )
    probe = (
        "import neurosym, neurosym.lang.grammar as g\n"
        "from neurosym.lang import parse_term\n"
        "print(neurosym.__file__)\n"
        "print(g.grammar_source())\n"
        "t, _ = parse_term('p(X, [a|T])')\n"
        "print(t.name.name)\n"
        "from neurosym.learning.data import load_dataset\n"
        "print(load_dataset('nations').path)\n"
    )
    env = dict(os.environ, PYTHONPATH=str(target))
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    module_file, grammar_file, functor, nations = out.stdout.split()
    assert nations.startswith(str(target))
    assert module_file.startswith(str(target))
    assert grammar_file.startswith(str(target)) and grammar_file.endswith("nsl.lark")
    assert functor == "p"


def test_readme_python_example_runs(monkeypatch, capsys):
    text = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```python\n(.*?)\n```", text, re.S)
    assert blocks
    monkeypatch.chdir(ROOT)
    for i, block in enumerate(blocks):
        exec(compile(block, f"README.md python block {i}", "exec"), {})  # noqa: S102 -- our own docs
    assert "{'Who': 'ann'}" in capsys.readouterr().out


def test_the_package_version_matches_pyproject():
    import tomllib

    import neurosym
    from neurosym.version import __version__
    meta = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
    assert neurosym.__version__ == __version__ == meta["project"]["version"]


def _assert_licensed(archive, license_name: str, metadata_name: str) -> None:
    """The archive ships LICENSE (the Apache-2.0 text) and its metadata names it."""
    read = archive.read if isinstance(archive, zipfile.ZipFile) else (
        lambda n: archive.extractfile(n).read())
    text = read(license_name).decode()
    assert text == (ROOT / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    meta = read(metadata_name).decode()
    assert "License-Expression: Apache-2.0" in meta and "License-File: LICENSE" in meta


def test_the_sdist_ships_the_license(tmp_path):
    import tarfile
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d",
                    str(tmp_path)], cwd=ROOT, check=True, capture_output=True)
    (sdist,) = tmp_path.glob("neurosym_engine-*.tar.gz")
    with tarfile.open(sdist) as tar:
        top = f"neurosym_engine-{__version__}"
        _assert_licensed(tar, f"{top}/LICENSE", f"{top}/PKG-INFO")
