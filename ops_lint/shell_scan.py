"""The variables a shell script uses and assigns, without running it.

:func:`scan` walks the text once, as bash tokenizes it, and returns :class:`VarEvent`
values in text order: ``use`` (``$VAR``, ``${VAR#x}``, ``${ARR[@]}``, ``$1``, a bare name
in ``$((i + 1))``; in code, double quotes, ``$(…)``, backticks, unquoted heredocs),
``assign`` (``VAR=x`` leading a command, ``export VAR=x``, ``local``/``declare VAR``,
``read -r VAR``, ``for VAR in``, ``getopts``, ``mapfile``, ``printf -v``, ``${VAR:=x}``,
``i++`` in arithmetic) and ``default`` (``${VAR:-x}``, ``${VAR:+x}``: VAR may be unset).
Single quotes, ``$'…'``, comments and quoted heredocs (``<<'EOF'``) hold no variables.
An assignment counts from the end of its word (in ``X=$X`` the use comes first). Nesting
deeper than :data:`MAX_DEPTH` is read as plain text: the scan stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

MAX_DEPTH = 40

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DIGITS = re.compile(r"[0-9]+")
_HEREDOC = re.compile(r"<<(?!<)-?[ \t]*+([^ \t\n;&|<>()]*+)")
_ASSIGN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)(?:\[[^\]\n]*\])?\+?=")
_SPECIAL = "@*#?$!-"
_RESERVED = {"!", "{", "}", "if", "then", "elif", "else", "fi", "while", "until", "do", "done"}
_DECLARE = frozenset(["local", "declare", "typeset", "readonly", "export"])
_READ_ARG = "pdnNtuia"  # options of read that take an argument (-a: the array's name)
_ARITH_ASSIGN = ("++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=")
_DEFAULT_OPS = (":-", ":=", ":+", ":?", "-", "=", "+", "?")
_after_word = re.compile(r"[\w#.]").match  # a name that continues a number: 0x1f, 16#ff


class VarEvent(NamedTuple):
    kind: str  # use | assign | default
    name: str
    offset: int  # in the scanned text


def scan(text: str) -> list[VarEvent]:
    """The variable uses and assignments of ``text``, in text order."""
    (scanner := _Scanner(text, 0, 0)).code("")
    return sorted(scanner.events, key=lambda e: e.offset)


class _Scanner:
    def __init__(self, text: str, base: int, depth: int) -> None:
        self.s, self.i, self.base, self.depth = text, 0, base, depth
        self.events: list[VarEvent] = []
        self.heredocs: list[tuple[str, bool]] = []  # delimiter, quoted

    def emit(self, kind: str, name: str, at: int) -> None:
        self.events.append(VarEvent(kind, name, self.base + at))

    def nest(self, run: Callable[[], None]) -> None:
        """Run one more level of nesting; past MAX_DEPTH the rest is read as text."""
        if self.depth < MAX_DEPTH:
            self.depth += 1
            run()
            self.depth -= 1

    def skip_single(self, start: int, escapes: bool = False) -> None:
        """Past the closing ``'`` of a quote whose text starts at ``start``."""
        s, i = self.s, start
        while escapes and i < len(s) and s[i] != "'":
            i += 2 if s[i] == "\\" else 1  # ``$'it\'s'``: an escaped quote
        end = s.find("'", i)
        self.i = len(s) if end < 0 else end + 1

    def code(self, stop: str) -> None:
        """Shell code until ``stop`` (``)`` or a backtick) at this level, or the end."""
        s, n = self.s, len(self.s)
        words: list[tuple[int, int]] = []
        start = -1
        parens = 0

        def end_word() -> None:
            nonlocal start
            if start >= 0:
                words.append((start, self.i))
                start = -1

        def end_command() -> None:
            end_word()
            self.command(words)
            words.clear()

        while self.i < n:
            c = s[self.i]
            if c in " \t\r" or s.startswith("\\\n", self.i):  # a blank or a continued line
                end_word()
                self.i += 2 if c == "\\" else 1
            elif c == "\n":
                end_command()
                self.i += 1
                self.read_heredocs()
            elif c == "#" and start < 0:
                newline = s.find("\n", self.i)
                self.i = n if newline < 0 else newline
            elif c == stop == "`" or (c == ")" and stop == ")" and parens == 0):
                end_command()
                self.i += 1
                return
            elif c in ";&|()":
                if c == "(" and start < 0 and s.startswith("((", self.i):
                    start = self.i
                    self.i += 2
                    self.nest(lambda: self.arith("))"))
                    continue
                parens += {"(": 1, ")": -1}.get(c, 0)
                end_command()
                self.i += 1
            elif c in "<>":
                end_word()
                if self.redirect():
                    words.append((-1, -1))  # the next word is the redirection's target
            else:
                if start < 0:
                    start = self.i
                self.word_char(c)
        end_command()

    def word_char(self, c: str, in_dq: bool = False) -> None:
        if c == "'":
            self.skip_single(self.i + 1)
        elif c == '"':
            self.i += 1
            self.expansions('"', True)
        elif c == "$":
            self.dollar(in_dq)
        elif c == "`":
            self.i += 1
            self.nest(lambda: self.code("`"))
        else:
            self.i += 2 if c == "\\" else 1

    def redirect(self) -> bool:
        """Past a redirection operator; True if a target word follows (``> file``)."""
        s = self.s
        if match := _HEREDOC.match(s, self.i):
            self.i = match.end()
            raw = match.group(1)
            delimiter = raw.replace("'", "").replace('"', "").replace("\\", "")
            if delimiter:
                self.heredocs.append((delimiter, raw != delimiter))
            return False
        if s.startswith(("<(", ">("), self.i):
            self.i += 2
            self.nest(lambda: self.code(")"))
            return False
        self.i += 3 if s.startswith("<<<", self.i) else 1
        while self.i < len(s) and s[self.i] in "<>&|":  # >>, >&, <&, >|
            self.i += 1
        return True

    def read_heredocs(self) -> None:
        """The bodies of the heredocs opened on the line just ended."""
        s = self.s
        for delimiter, quoted in self.heredocs:
            body = end = self.i
            while self.i < len(s):
                end = self.i
                newline = s.find("\n", self.i)
                self.i = len(s) if newline < 0 else newline + 1
                if s[end : self.i].strip() == delimiter:
                    break
            else:
                end = len(s)
            if not quoted:
                sub = _Scanner(s[body:end], self.base + body, self.depth)
                sub.expansions("", True)
                self.events.extend(sub.events)
        self.heredocs.clear()

    def expansions(self, end: str, in_dq: bool) -> None:
        """Up to ``end`` (``"``, ``}``; "" for a heredoc body): expansions only."""
        s = self.s
        while self.i < len(s):
            c = s[self.i]
            if c == "\\":
                self.i += 2
            elif c == end:
                self.i += 1
                return
            elif c in "$`" or (c == "'" and not in_dq) or (c == '"' and end):
                self.word_char(c, in_dq)
            else:
                self.i += 1

    def dollar(self, in_dq: bool) -> None:
        s, i = self.s, self.i
        after = s[i + 1 : i + 2]
        self.i = i + 2
        if s.startswith("$((", i):
            self.i = i + 3
            self.nest(lambda: self.arith("))"))
        elif after == "(":
            self.nest(lambda: self.code(")"))
        elif after == "{":
            self.nest(lambda: self.brace(in_dq))
        elif after == "[":
            self.nest(lambda: self.arith("]"))
        elif after == "'" and not in_dq:
            self.skip_single(i + 2, escapes=True)
        elif after == '"' and not in_dq:
            self.expansions('"', True)
        elif match := _NAME.match(s, i + 1):
            self.emit("use", match.group(), i)
            self.i = match.end()
        elif after and (after.isdigit() or after in _SPECIAL):
            self.emit("use", after, i)
        else:
            self.i = i + 1

    def brace(self, in_dq: bool) -> None:
        """``${…}`` after its ``${``."""
        s, at = self.s, self.i - 2
        indirect = s[self.i : self.i + 1] in ("#", "!") and s[self.i + 1 : self.i + 2] != "}"
        if indirect:
            self.i += 1
        match = _NAME.match(s, self.i) or _DIGITS.match(s, self.i)
        name = match.group() if match else s[self.i : self.i + 1]
        if match is None and (not name or name not in _SPECIAL):
            self.expansions("}", in_dq)
            return
        self.i += len(name)
        if s.startswith("[", self.i):
            self.i += 1
            self.arith("]")
        op = next((o for o in _DEFAULT_OPS if s.startswith(o, self.i)), "")
        self.i += len(op)
        kind = "default" if op in (":-", "-", ":+", "+") else "use"
        kind = "assign" if op in (":=", "=") else kind
        if not (indirect and s[self.i : self.i + 1] in ("*", "@")):
            self.emit(kind, name, at)
        self.expansions("}", in_dq)

    def arith(self, close: str) -> None:
        """Arithmetic up to ``close``: bare names are variables."""
        s, parens = self.s, 0
        while self.i < len(s):
            c = s[self.i]
            if parens == 0 and s.startswith(close, self.i):
                self.i += len(close)
                return
            if c in "()":
                parens += 1 if c == "(" else -1
                self.i += 1
            elif c in "$`":
                self.word_char(c)
            elif (match := _NAME.match(s, self.i)) and not _after_word(s[self.i - 1 : self.i]):
                rest = s[match.end() : match.end() + 40].lstrip(" \t")
                before = s[max(0, self.i - 40) : self.i].rstrip(" \t")[-2:]
                assigns = rest.startswith(_ARITH_ASSIGN) or before in ("++", "--")
                assigns = assigns or (rest.startswith("=") and not rest.startswith("=="))
                self.emit("assign" if assigns else "use", match.group(), self.i)
                self.i = match.end()
            else:
                self.i += 1

    def command(self, words: list[tuple[int, int]]) -> None:
        """Assignments made by one simple command."""
        targets = {k + 1 for k, (a, _) in enumerate(words) if a < 0}  # redirection targets
        texts = [(self.s[a:b], b) for k, (a, b) in enumerate(words) if a >= 0 and k not in targets]
        k = 0
        while k < len(texts) and texts[k][0] in _RESERVED:
            k += 1
        while k < len(texts) and (match := _ASSIGN.match(texts[k][0])):
            self.emit("assign", match.group(1), texts[k][1])
            k += 1
        if k < len(texts):
            for name, at in _assigned_by(texts[k][0], texts[k + 1 :]):
                self.emit("assign", name, at)


def _assigned_by(command: str, args: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The names the builtin ``command`` assigns from its arguments ``args``."""
    names = [(a, at) for a, at in args if not a.startswith("-")]
    if command in ("for", "select"):
        return names[:1]
    if command in _DECLARE:
        matches = [(_NAME.match(a), at) for a, at in names if command != "export" or "=" in a]
        return [(m.group(), at) for m, at in matches if m]
    if command == "getopts":
        return names[1:2]
    if command in ("mapfile", "readarray"):
        return names[-1:]
    if command == "printf" and len(args) > 1 and args[0][0] == "-v":
        return [args[1]]
    if command != "read":
        return []
    found, flag = [], ""  # flag: the option whose argument comes next
    for arg, at in args:
        if not flag and arg.startswith("-") and len(arg) > 1:
            flag = arg[-1] if arg[-1] in _READ_ARG else ""
        elif flag in ("", "a") and _NAME.fullmatch(arg):
            found.append((arg, at))
        flag = "" if not arg.startswith("-") else flag
    return found
