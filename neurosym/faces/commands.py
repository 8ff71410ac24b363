"""The toplevel's own commands: ``:help``, ``:load``, ``:why`` ...

Each command is a function ``(toplevel, argument_text) -> None`` in
``COMMANDS``; ``run_command`` dispatches a ``:name args`` line.  Commands of
layers not built yet (the thought-vector bridge, learning) answer with one
line saying so.
"""

from __future__ import annotations

import difflib
import io
import os

__all__ = ["COMMANDS", "HELP", "run_command", "command_names"]


def run_command(top, line: str) -> None:
    word, _, rest = line.strip().partition(" ")
    name = word[1:]
    fn = COMMANDS.get(name)
    if fn is None:
        close = difflib.get_close_matches(name, list(COMMANDS), n=1)
        hint = f" (did you mean :{close[0]}?)" if close else ""
        top.error(f"error: unknown command :{name}{hint}; :help lists the commands")
        return
    fn(top, rest.strip())


def command_names() -> list[str]:
    return [":" + n for n in COMMANDS]


# -- the commands -----------------------------------------------------------
def cmd_help(top, arg: str) -> None:
    rows = [(f":{n}" + (f" {a}" if a else ""), d) for n, (a, d) in HELP.items()]
    if top.rich:
        from rich.markup import escape
        from rich.table import Table
        t = Table(show_header=False, box=None, padding=(0, 2))
        for a, d in rows:
            t.add_row(f"[bold]{escape(a)}[/bold]", escape(d))
        _rich_print(top, t)
    else:
        width = max(len(a) for a, _ in rows)
        top.write("".join(f"{a.ljust(width)}  {d}\n" for a, d in rows))
    top.write("Goals end with '.'; after an answer press ';' (or space) for the next, "
              "Enter for none.\nhalt. or Ctrl-D leaves; Ctrl-C stops a running goal.\n")


def cmd_load(top, arg: str = "", files: list[str] | None = None, quiet: bool = False) -> None:
    """Consult files; a file loaded before is loaded again in place of its
    old clauses (the knowledge base is rebuilt from the files, as :reload)."""
    files = arg.split() if files is None else files
    if not files:
        top.error("error: usage: :load FILE...")
        return
    loaded = {os.path.abspath(f) for f in top.files}
    for f in files:
        if os.path.abspath(f) in loaded:
            cmd_reload(top, "", quiet=quiet)
            continue
        with top.goal_output():
            top.kb.consult(f)
        top.files.append(f)
        loaded.add(os.path.abspath(f))
        if not quiet:
            top.write(f"% loaded {f}\n")


def cmd_reload(top, arg: str, quiet: bool = False) -> None:
    if not top.files:
        top.write("% no files loaded\n")
        return
    from ..kb import KnowledgeBase
    kb = KnowledgeBase()
    top.kb = kb
    for f in top.files:
        with top.goal_output():
            kb.consult(f)
    top.last_query = None
    n = len(top.files)
    if not quiet:
        top.write(f"% reloaded {n} file{'s' if n != 1 else ''} "
                  "(clauses added at the prompt were dropped)\n")


def cmd_listing(top, arg: str) -> None:
    arg = arg.rstrip(".").strip()
    if arg:
        from ..lang.parser import parse_term
        spec, _ = parse_term(arg, ops=top.ops)
        specs = [spec]
    else:
        from ..terms import Atom, Struct
        specs = [Struct(Atom("/"), (k[0], k[1])) for k in sorted(
            top.kb.store.predicates(), key=lambda k: (k[0].name, k[1]))]
        if not specs:
            top.write("% no clauses\n")
            return
    from ..terms import Atom, Struct
    listing = Atom("listing")
    with top.goal_output():
        for spec in specs:
            for _ in top.kb.query(Struct(listing, (spec,)), limit=1):
                pass


def cmd_why(top, arg: str) -> None:
    """The proof of the last answer, found again by re-running the query with
    proofs on (what the goal prints is discarded)."""
    if top.last_query is None or top.last_index == 0:
        top.write("% no answer to explain (run a query first)\n")
        return
    kb = top.kb
    goal, varmap = top.parse(top.last_query)
    names = [n for n in varmap if not n.startswith("_")]
    saved = kb.machine.output
    kb.machine.output = io.StringIO()
    proof = None
    try:
        gen = kb._answers(goal, varmap, names, top.last_index, True, top.limits)
        try:
            for a in gen:
                proof = a.proof
        finally:
            gen.close()
    finally:
        kb.machine.output = saved
    if proof is None or not proof.steps:
        top.write("% no proof recorded\n")
        return
    if top.rich:
        _rich_print(top, _rich_tree(proof, top.last_query))
    else:
        top.write(proof.render() + "\n")


def _rich_tree(proof, title: str):
    from rich.markup import escape
    from rich.tree import Tree
    root = Tree(f"[bold]proof of {escape(title)}[/bold]")
    stack = [(s, root) for s in reversed(proof.steps)]
    while stack:
        s, parent = stack.pop()
        label = escape(s.goal)
        if s.kind == "clause":
            where = f"  [dim]{escape(s.source)}[/dim]" if s.source else ""
            if s.clause and s.children:
                label += f"  [cyan]by[/cyan] {escape(s.clause)}{where}"
            else:
                label += f"  [green]fact[/green]{where}"
        elif s.kind == "builtin":
            label += "  [magenta](builtin)[/magenta]"
        else:
            label += "  [yellow](tabled answer)[/yellow]"
        if s.score != 1.0:
            label += f"  score {s.score:g}"
        node = parent.add(label)
        stack.extend((c, node) for c in reversed(s.children))
    return root


def cmd_limits(top, arg: str) -> None:
    if arg:
        changes: dict = {}
        for item in arg.split():
            key, sep, val = item.partition("=")
            if not sep or key not in ("depth", "inferences", "time", "answers"):
                top.error(f"error: bad limit {item!r}: use depth=N inferences=N time=S "
                          "answers=N (or =none)")
                return
            if val.lower() in ("none", "off", "inf", "0" if key == "time" else "-"):
                changes[key] = None
            else:
                try:
                    changes[key] = float(val) if key == "time" else int(val)
                except ValueError:
                    top.error(f"error: bad value for {key}: {val!r}")
                    return
        try:
            top.set_limits(**changes)
        except Exception as e:  # pydantic's ValidationError: say which value
            top.error(f"error: bad limits: {_first_line(e)}")
            return
    lim = top.limits
    parts = [f"{k}={'none' if v is None else format(v, 'g') if k == 'time' else v}"
             for k, v in (("depth", lim.depth), ("inferences", lim.inferences),
                          ("time", lim.time), ("answers", lim.answers))]
    top.write("% limits: " + " ".join(parts) + "\n")


def cmd_save(top, arg: str) -> None:
    save = getattr(top.kb, "save", None)
    if save is None:
        top.error("not available yet: saving a knowledge base needs KnowledgeBase.save "
                  "(persistence is not built)")
        return
    if not arg:
        top.error("error: usage: :save DIR")
        return
    save(arg)
    top.write(f"% saved to {arg}\n")


def cmd_open(top, arg: str) -> None:
    from ..kb import KnowledgeBase
    load = getattr(KnowledgeBase, "load", None) or getattr(KnowledgeBase, "open", None)
    if load is None:
        top.error("not available yet: opening a saved knowledge base needs "
                  "KnowledgeBase.load (persistence is not built)")
        return
    if not arg or not os.path.isdir(arg):
        top.error(f"error: no such directory: {arg}" if arg else "error: usage: :open DIR")
        return
    top.kb = load(arg)
    top.files = []
    top.last_query = None
    top.write(f"% opened {arg}\n")


def cmd_add(top, arg: str) -> None:
    if not arg:
        top.error("error: usage: :add CLAUSE.")
        return
    before = len(top.kb.store)
    with top.goal_output():
        top.kb.add(arg if arg.rstrip().endswith(".") else arg + ".")
    n = len(top.kb.store) - before
    top.write(f"% added {n} clause{'s' if n != 1 else ''}\n")


def _later(what: str, issue: str):
    def cmd(top, arg: str) -> None:
        top.error(f"not available yet: {what} needs {issue}")
    return cmd


def _rich_print(top, renderable) -> None:
    from rich.console import Console
    Console(file=top.out, highlight=False, soft_wrap=True).print(renderable)
    top.out.flush()


def _first_line(e: Exception) -> str:
    errors = getattr(e, "errors", None)
    if callable(errors):                     # pydantic: "field: message"
        first = errors()[0]
        return f"{'.'.join(map(str, first.get('loc', ())))}: {first.get('msg', '')}"
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    return " ".join(lines[1:3]) if len(lines) > 1 else (lines[0] if lines else "")


# name -> (arguments, description), in the order :help lists them
HELP = {
    "help": ("", "this list"),
    "load": ("FILE...", "consult source files (.nsl, .pl, .tsv)"),
    "reload": ("", "load the files again into a fresh knowledge base"),
    "listing": ("[p/N]", "list the clauses of p/N (all predicates without argument)"),
    "add": ("CLAUSE.", "add a fact or rule (as assertz/1 does)"),
    "why": ("", "the proof of the last answer, as a tree"),
    "limits": ("[depth=N] [inferences=N] [time=S] [answers=N]",
               "show or set the limits of each query (=none removes one)"),
    "save": ("DIR", "save the knowledge base to a directory"),
    "open": ("DIR", "open a saved knowledge base"),
    "soft": ("on|off", "soft unification with scores (not available yet)"),
    "similar": ("SYMBOL [K]", "the K symbols nearest SYMBOL (not available yet)"),
    "train": ("...", "learn embeddings and rules (not available yet)"),
    "rules": ("", "learned rules with confidences (not available yet)"),
}

COMMANDS = {
    "help": cmd_help,
    "load": cmd_load,
    "reload": cmd_reload,
    "listing": cmd_listing,
    "add": cmd_add,
    "why": cmd_why,
    "limits": cmd_limits,
    "save": cmd_save,
    "open": cmd_open,
    "soft": _later("soft mode", "the thought-vector bridge (issue 5)"),
    "similar": _later(":similar", "the thought-vector bridge (issue 5)"),
    "train": _later(":train", "the bridge and learning (issues 5 and 6)"),
    "rules": _later(":rules", "learning (issue 6)"),
}
