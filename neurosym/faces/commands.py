"""The toplevel's own commands: ``:help``, ``:load``, ``:why`` ...

Each command is a function ``(toplevel, argument_text) -> None`` in
``COMMANDS``; ``run_command`` dispatches a ``:name args`` line.  A command
whose layer is not there (learning, before ``kb.train`` exists) says so in
one line: ``learning is not available: ...``.
"""

from __future__ import annotations

import difflib
import io
import os
from pathlib import Path

from ..bridge import BridgeConfig
from ..config import TrainConfig
from ..engine.query import ParsedQuery
from ..errors import ConfigError, ParseError, did_you_mean
from ..kb import KnowledgeBase
from ..lang.parser import parse_term
from ..proof import format_score
from ..terms import Atom, Struct
from .feedback import FEEDBACK_COMMANDS, FEEDBACK_HELP
from .similar import format_plain, load_vector_file, print_rich, vector_file_dim
from .soft_options import USAGE, SoftOptionError, describe_soft_options, parse_soft_options

__all__ = ["COMMANDS", "HELP", "run_command", "command_names"]


def run_command(top, line: str) -> None:
    word, _, rest = line.strip().partition(" ")
    name = word[1:]
    fn = COMMANDS.get(name)
    if fn is None:
        close = [f":{c}" for c in difflib.get_close_matches(name, list(COMMANDS), n=1)]
        top.error(f"error: unknown command :{name}{did_you_mean(close)} "
                  "(:help lists the commands)")
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
    kb = KnowledgeBase(sandbox=top.kb.sandbox or False)
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
        spec, _ = parse_term(arg, ops=top.ops)
        specs = [spec]
    else:
        specs = [Struct(Atom("/"), (k[0], k[1])) for k in sorted(
            top.kb.store.predicates(), key=lambda k: (k[0].name, k[1]))]
        if not specs:
            top.write("% no clauses\n")
            return
    listing = Atom("listing")
    with top.goal_output():
        for spec in specs:
            for _ in top.kb.query(Struct(listing, (spec,)), limit=1):
                pass


def cmd_why(top, arg: str) -> None:
    """The proof of the last answer (``:why GOAL``: of GOAL's first answer),
    found again by re-running the query with proofs on (what the goal prints
    is discarded)."""
    text, index = arg.strip().removesuffix("."), 1
    if not text:
        if top.last_query is None or top.last_index == 0:
            top.write("% no answer to explain (run a query first)\n")
            return
        text, index = top.last_query, top.last_index
    kb = top.kb
    goal, varmap = top.parse(text)
    saved = kb.machine.output
    kb.machine.output = io.StringIO()
    proof = score = None
    try:
        if top.soft:
            gen = kb.query(goal, proof=True, limit=index, limits=top.limits,
                           **top.soft_query())
        else:
            q = ParsedQuery(goal, varmap, [n for n in varmap if not n.startswith("_")])
            gen = kb.runner.answers(q, index, True, top.limits)
        try:
            for a in gen:
                proof, score = a.proof, a.score
        finally:
            gen.close()
    finally:
        kb.machine.output = saved
    if proof is None and arg.strip():
        top.write("false.\n")          # GOAL has no answer: nothing to explain
        return
    if proof is None or not proof.steps:
        top.write("% no proof recorded\n")
        return
    if top.soft:
        top.write(f"% score {format_score(score)}\n")
    if top.rich:
        _rich_print(top, _rich_tree(proof, text), wrap=True)
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
        elif s.kind == "soft":
            where = f"  [dim]{escape(s.source)}[/dim]" if s.source else ""
            what = "by" if s.clause and s.children else "fact"
            label += f"  [yellow]~ {what}[/yellow] {escape(s.clause or '')}  "
            label += ", ".join(escape(m.render()) for m in s.matches) + where
        elif s.kind == "builtin":
            label += "  [magenta](builtin)[/magenta]"
        else:
            label += "  [yellow](tabled answer)[/yellow]"
        if s.score != 1.0:
            label += f"  score {format_score(s.score)}"
        if s.prior is not None:
            label += f"  [dim](prior {format_score(s.prior)}, value {format_score(s.value)})[/dim]"
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
    """Save the knowledge base (program, asserted clauses, flags, operators,
    vectors, models) to a directory (``neurosym/persist/``)."""
    if not arg:
        top.error("error: usage: :save DIR")
        return
    top.kb.save(os.path.expanduser(arg))      # the model of :train is in kb.models
    n = len(top.kb.store)
    top.write(f"% saved {n} clause{'s' if n != 1 else ''} to {arg}\n")


def cmd_open(top, arg: str) -> None:
    """Open a saved knowledge base in place of the current one."""
    if not arg:
        top.error("error: usage: :open DIR")
        return
    kb = KnowledgeBase.load(os.path.expanduser(arg), sandbox=top.kb.sandbox or False)
    top.kb = kb
    top.files = []
    top.last_query = None
    n = len(kb.store)
    top.write(f"% opened {arg} ({n} clause{'s' if n != 1 else ''})\n")


def cmd_soft(top, arg: str) -> None:
    """``:soft on|off [guided] [KEY=VALUE ...]``: queries run the scored
    prover (``kb.query(goal, mode="soft")``, or ``mode="guided"``: exact
    steps, every proof, best first), answers best first with their score.
    The options (``soft_options``): ``kb.query``'s ``top_k``, ``threshold``,
    ``prune``, ``max_expansions`` (or ``budget``) and ``SoftConfig``'s
    fields (``max_depth``, ``loop_check``, ``kernel`` ...); an unknown one or
    a bad value is an error that says what it takes.  Turning soft mode on
    says how many symbols have vectors (only they match softly)."""
    words = arg.split()
    if words and words[0] in ("on", "off"):
        try:
            opts = parse_soft_options(words[1:])
        except SoftOptionError as e:
            top.error(f"error: {e}")
            return
        top.soft = words[0] == "on"
        top.soft_options = opts if top.soft else {}
    elif words:
        top.error("error: usage: :soft on|off [guided] [KEY=VALUE ...] "
                  f"(KEY=VALUE: {USAGE})")
        return
    top.write(f"% soft mode {'on' if top.soft else 'off'}"
              f"{describe_soft_options(top.soft_options)}\n")
    if top.soft and top.soft_options.get("mode") == "soft":
        top.write(f"% {top.kb.space.coverage().note()}\n")


def cmd_guide(top, arg: str) -> None:
    """``:guide [on|off]``: whether a trained step scorer (``kb.guide``) is
    there and its self-play curve; ``off`` makes soft and guided queries
    use the neutral scorer (the scorer stays in the knowledge base), ``on``
    the trained one again."""
    if arg not in ("", "on", "off"):
        top.error("error: usage: :guide [on|off]")
        return
    if arg:
        top.guide_on = arg == "on"
    kb = top.kb
    state = getattr(kb, "models", {}).get("guide")
    trained = state is not None or getattr(kb, "guide", None) is not None
    if not trained:
        top.write(f"% guide {'on' if top.guide_on else 'off'}: none trained (neurosym train "
                  "FILE --guide trains one; :open DIR opens a saved one)\n")
        return
    if top.guide_on:
        top.write("% guide on: soft and guided queries use the trained step scorer\n")
    else:
        top.write("% guide off: soft and guided queries use the neutral scorer\n")
    if arg:
        return
    history = []
    if state is not None:
        from ..learning.guide_state import guide_meta  # torch: the state is tensors already
        where = f"{getattr(kb, 'source', None) or '<knowledge base>'}/models/guide.pt"
        history = guide_meta(state, where)[1]
    if not history:
        top.write("% no curve recorded\n")
        return
    from .guide import format_plain, print_rich, summary
    top.write(f"% trained: {summary(history)}\n")
    if top.rich:
        print_rich(history, top.out)
    else:
        top.write(format_plain(history))


def cmd_similar(top, arg: str) -> None:
    """``:similar SYMBOL [K]``: the K symbols nearest SYMBOL in the space."""
    parts = arg.rsplit(None, 1)
    k = 5
    if len(parts) == 2 and parts[1].isdigit():
        arg, k = parts[0], int(parts[1])
    if not arg:
        top.error("error: usage: :similar SYMBOL [K]")
        return
    symbol = _symbol(top, arg)
    hits = top.kb.similar(symbol, k=k)
    if top.rich:
        print_rich(hits, top.out)
        top.out.flush()
    else:
        top.write(format_plain(hits))


def _symbol(top, text: str) -> str:
    """The name a ``:similar`` argument means: ``tom``, ``'New York'``, ``parent/2``."""
    try:
        t, _ = parse_term(text, ops=top.ops)
    except ParseError:
        return text
    if type(t) is Atom:
        return t.name
    if type(t) is Struct and t.name.name == "/" and len(t.args) == 2 and \
            type(t.args[0]) is Atom and type(t.args[1]) is int:
        return f"{t.args[0].name}/{t.args[1]}"
    return text


def cmd_vectors(top, arg: str) -> None:
    """``:vectors FILE``: set symbol vectors from a word2vec text file (or a
    ``.npy`` matrix of the constants' rows), as ``--vectors`` does."""
    if not arg:
        top.error("error: usage: :vectors FILE")
        return
    path = Path(os.path.expanduser(arg))
    if not path.exists():
        raise FileNotFoundError(2, "No such file", str(path))
    dim = vector_file_dim(path)
    top.kb.space = BridgeConfig(dim=dim, seed=0)
    load_vector_file(top.kb.space, path, "constant", vocabulary=True)
    top.write(f"% vectors of dimension {dim} from {arg}\n")
    top.write(f"% {top.kb.space.coverage().note()}\n")


_TRAIN_KW = {"add_rules", "min_confidence", "out"}


def cmd_train(top, arg: str) -> None:
    """``:train templates=FILE [add_rules=true] [min_confidence=C] [out=DIR]
    [key=value ...]``: ``kb.train`` on the knowledge base's facts; the other
    options make its ``TrainConfig`` (``epochs=``, ``dim=`` ...)."""
    train = getattr(top.kb, "train", None)
    if train is None:
        top.error("learning is not available: this neurosym has no KnowledgeBase.train "
                  "(learning, issue 6)")
        return
    opts: dict = {}
    for item in arg.split():
        key, sep, val = item.partition("=")
        if not sep:
            top.error(f"error: bad option {item!r}: use templates=FILE key=value ...")
            return
        opts[key] = _value(val)
    templates = opts.pop("templates", None)
    if templates is None:
        top.error("error: usage: :train templates=FILE [add_rules=true] [epochs=N] ...")
        return
    kw = {k: opts.pop(k) for k in list(opts) if k in _TRAIN_KW}
    if "out" in kw:
        kw["out"] = os.path.expanduser(str(kw["out"]))
    try:
        config = TrainConfig().updated(**opts)
    except ConfigError as e:
        top.error(f"error: bad training option: {_first_line(e)}")
        return
    templates = str(templates)
    if ":-" not in templates:
        templates = os.path.expanduser(templates)
    result = train(templates, config, **kw)
    hist = getattr(result, "history", None) or []
    loss = f", loss {hist[-1].loss:.4f}" if hist else ""
    rules = result.rules() if hasattr(result, "rules") else []
    top.write(f"% trained {len(hist)} epoch{'s' if len(hist) != 1 else ''}{loss}; "
              f"{len(rules)} rule{'s' if len(rules) != 1 else ''} decoded (:rules lists them)\n")


def _value(text: str):
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    for conv in (int, float):
        try:
            return conv(text)
        except ValueError:
            pass
    return text


def _learned(top):
    """The last training result of the knowledge base: ``kb.training``, or
    the model saved with it (``kb.models["ntp"]``, after ``:open``)."""
    result = top.kb.training
    if result is None and "ntp" in getattr(top.kb, "models", {}):
        result = top.kb.training = top.kb.trained()
    return result


def cmd_rules(top, arg: str) -> None:
    """``:rules [MIN]``: the learned rules with their confidences, best first
    (those of at least ``MIN``)."""
    if not hasattr(top.kb, "train"):
        top.error("learning is not available: this neurosym has no KnowledgeBase.train "
                  "(learning, issue 6)")
        return
    try:
        least = float(arg) if arg else 0.0
    except ValueError:
        top.error("error: usage: :rules [MIN_CONFIDENCE]")
        return
    result = _learned(top)
    if result is None:
        top.write("% no learned rules (:train templates=FILE learns them)\n")
        return
    rules = sorted(result.rules(least), key=lambda r: -r.confidence)
    if not rules:
        top.write(f"% no learned rule has confidence {least:g} or more\n")
        return
    if top.rich:
        from rich.markup import escape
        from rich.table import Table
        t = Table(show_edge=False, header_style="bold")
        t.add_column("confidence", justify="right")
        t.add_column("rule")
        for r in rules:
            t.add_row(format_score(r.confidence), escape(r.text))
        _rich_print(top, t)
    else:
        top.write("".join(f"{format_score(r.confidence)}  {r.text}\n" for r in rules))


def cmd_add(top, arg: str) -> None:
    if not arg:
        top.error("error: usage: :add CLAUSE.")
        return
    before = len(top.kb.store)
    with top.goal_output():
        top.kb.add(arg if arg.rstrip().endswith(".") else arg + ".")
    n = len(top.kb.store) - before
    top.write(f"% added {n} clause{'s' if n != 1 else ''}\n")


def _rich_print(top, renderable, wrap: bool = False) -> None:
    """Print with rich; ``wrap``: long lines wrap (a tree's labels) instead
    of running past the edge."""
    from rich.console import Console
    Console(file=top.out, highlight=False, soft_wrap=not wrap).print(renderable)
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
    "why": ("[GOAL]", "the proof of the last answer (of GOAL's first answer), as a tree"),
    "limits": ("[depth=N] [inferences=N] [time=S] [answers=N]",
               "show or set the limits of each query (=none removes one)"),
    "save": ("DIR", "save the knowledge base to a directory"),
    "open": ("DIR", "open a saved knowledge base"),
    "soft": ("on|off [guided] [KEY=VALUE ...]",
             "soft mode: answers by the scored prover, best first, with scores; guided: "
             "exact steps only; KEY: top_k threshold prune max_depth loop_check ..."),
    "guide": ("[on|off]", "the trained step scorer and its curve; off: the neutral one"),
    "similar": ("SYMBOL [K]", "the K symbols nearest SYMBOL (default 5)"),
    "vectors": ("FILE", "set symbol vectors from a word2vec text or .npy file"),
    "train": ("templates=FILE [add_rules=true] [epochs=N ...]",
              "learn vectors and rules from the facts (kb.train)"),
    "rules": ("[MIN]", "the learned rules with their confidences"),
    **FEEDBACK_HELP,
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
    "soft": cmd_soft,
    "guide": cmd_guide,
    "similar": cmd_similar,
    "vectors": cmd_vectors,
    "train": cmd_train,
    "rules": cmd_rules,
    **FEEDBACK_COMMANDS,
}
