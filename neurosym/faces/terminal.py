"""The interactive front of the toplevel: prompt_toolkit line editing.

* ``?- `` prompt, ``|    `` on continuation lines; Enter submits once the
  input is whole (a goal up to its final ``.``, or a ``:command``), else it
  starts a new line -- so a multi-line goal is one history entry;
* persistent history in ``history_path()`` (``$NEUROSYM_DATA_DIR`` or the
  user data directory of platformdirs);
* Tab completes predicate names (the knowledge base's, the library's and
  the builtins) and ``:commands``;
* after an answer, one key is read without Enter (``read_key``).
"""

from __future__ import annotations

import os
import re
import sys

import platformdirs
from prompt_toolkit import PromptSession
from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.history import FileHistory, InMemoryHistory
from prompt_toolkit.key_binding import KeyBindings

from .. import __version__
from .commands import command_names
from .toplevel import InputGate, Toplevel

__all__ = ["history_path", "PredicateCompleter", "read_key", "interact"]

PROMPT = "?- "
CONTINUATION = "|    "

_WORD = re.compile(r"(:?[a-z][A-Za-z0-9_]*|:)$")


def history_path() -> str:
    base = os.environ.get("NEUROSYM_DATA_DIR")
    if not base:
        base = platformdirs.user_data_dir("neurosym")
    os.makedirs(base, exist_ok=True)
    return os.path.join(base, "repl_history")


def predicate_names(top: Toplevel) -> dict[str, set[int]]:
    """name -> arities of every predicate a goal may call."""
    names: dict[str, set[int]] = {}
    for name, arity in top.kb.machine.callable_keys():
        names.setdefault(name.name, set()).add(arity)
    return names


class PredicateCompleter(Completer):
    """Predicate names and ``:commands`` (a command only as the first word)."""

    def __init__(self, top: Toplevel) -> None:
        self.top = top

    def get_completions(self, document, complete_event):
        before = document.text_before_cursor
        m = _WORD.search(before)
        if m is None:
            return
        word = m.group(1)
        if word.startswith(":"):
            if before.strip() != word:
                return
            for c in command_names():
                if c.startswith(word):
                    yield Completion(c, start_position=-len(word))
            return
        prev = before[m.start() - 1] if m.start() > 0 else " "
        if prev.isalnum() or prev in "_'":
            return
        for name, arities in sorted(predicate_names(self.top).items()):
            if name.startswith(word):
                meta = ", ".join(f"{name}/{a}" for a in sorted(arities))
                yield Completion(name, start_position=-len(word), display_meta=meta)


def read_key() -> str:
    """One key from the terminal, without waiting for Enter ('' at EOF)."""
    fd = sys.stdin.fileno()
    try:
        import termios
        import tty
    except ImportError:          # Windows
        import msvcrt
        return msvcrt.getwch()
    sys.stdout.flush()
    old = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)        # keeps ISIG: Ctrl-C still interrupts
        data = os.read(fd, 4)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, old)
    return data.decode("utf-8", "replace")[:1] if data else ""


def _session(top: Toplevel):
    kb = KeyBindings()
    gate = InputGate()

    @kb.add("enter")
    def _(event):
        buf = event.current_buffer
        if buf.complete_state is not None and buf.complete_state.current_completion:
            buf.apply_completion(buf.complete_state.current_completion)
            return
        if gate.complete(buf.text, top.ops):
            buf.validate_and_handle()
        else:
            buf.insert_text("\n")

    try:
        history = FileHistory(history_path())
    except OSError as e:              # an unwritable data directory: no saved history
        top.error(f"warning: history not saved: {e.strerror or e}: {e.filename or ''}")
        history = InMemoryHistory()
    return PromptSession(
        history=history,
        completer=PredicateCompleter(top),
        complete_while_typing=False,
        multiline=True,
        key_bindings=kb,
        prompt_continuation=lambda width, line_number, wrap: CONTINUATION,
        enable_history_search=False,
    )


def interact(top: Toplevel, banner: bool = True) -> int:
    """The interactive loop; returns the exit status."""
    session = _session(top)
    top.ask = read_key
    if banner:
        top.write(f"neurosym {__version__} -- :help for commands, halt. or Ctrl-D to leave\n\n")
    while top.halted is None:
        try:
            text = session.prompt(top.mode_prefix + PROMPT)
        except KeyboardInterrupt:
            continue
        except EOFError:
            top.write("\n")
            break
        if not text.strip():
            continue
        top.handle(text)
        if top.halted is None:
            top.write("\n")
    return top.halted or 0
