"""The document's own macros: collected from the whole file, expanded in its math, within bounds.

Read (never executed): `\\newcommand`, `\\renewcommand`, `\\providecommand` (starred too, with
`[n]` arguments and an optional `[default]` for the first), `\\def\\name#1#2{…}` (also `\\gdef` and
the `\\global`/`\\long` prefixes; plain undelimited parameters only), `\\DeclareMathOperator{\\name}{text}`
(starred too) as `\\operatorname{text}`, and `\\let\\a\\b` / `\\let\\a=\\b` where `\\b` is a macro of the
document or a command in `KNOWN_COMMANDS`. Anything else (`\\edef`, `\\csname`, catcodes, names or
bodies with `@`, delimited parameters, unbalanced bodies) is ignored; no other file is ever read.

Expansion is textual, as in TeX: a use `\\name{a}{b}` is replaced by the body with `#1`, `#2`
substituted, then expanded again. Arguments are a braced group (balanced), or a single token
(`\\pd f x`). It is bounded: at most `MAX_DEPTH` nested expansions, `MAX_EXPANSIONS` uses per
region, and an output size the caller gives; over a bound `MacroError` says which, and the region
is left as written. An expansion never adds a line break: line breaks in bodies and arguments
become spaces, and those the use spanned are put back after its expansion, so every position of
the expanded text stays on the line it came from.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_DEPTH = 20  # nested expansions
MAX_EXPANSIONS = 2_000  # macro uses expanded in one region
MAX_BODY_CHARS = 5_000  # a longer definition (or an unbalanced one) is ignored
MAX_DEFINITIONS = 2_000  # definitions read per document; later ones are ignored
MAX_ATTEMPTS = 10_000  # definition commands looked at per document (read or not); later ones are ignored
MAX_OPTIONAL_CHARS = 200  # an argument count, a default or an optional argument in `[…]`
MAX_WORK_CHARS = 5_000_000  # characters produced by expansions in one document
MAX_DOCUMENT_USES = 100_000  # macro uses expanded in one document

KNOWN_COMMANDS = frozenset("""
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi
varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi
Sigma Upsilon Phi Psi Omega ell nabla partial infty
exp log ln sin cos tan tanh sinh cosh arctan arcsin arccos det max min sec csc cot sech csch coth tr
frac dfrac tfrac sqrt cdot times div circ odot otimes oplus ast top intercal
hat bar tilde vec dot ddot widehat widetilde overline check
mathbf boldsymbol bm mathbb mathcal mathit mathsf mathrm operatorname text textbf textit textrm
left right big Big bigg Bigg quad qquad
le leq ge geq ne neq approx equiv sim simeq in to mapsto rightarrow Rightarrow implies
sum prod int lim cdots ldots dots vdots
""".split())

_DEFINER = re.compile(
    r"\\(?:(?P<cmd>newcommand|renewcommand|providecommand)(?![A-Za-z])\*?"
    r"|(?P<def>(?:(?:global|long|outer|protected)\s*\\)*(?:def|gdef))(?![A-Za-z])"
    r"|(?P<op>DeclareMathOperator)(?![A-Za-z])(?P<star>\*?)"
    r"|(?P<let>let)(?![A-Za-z]))")
_NAME = re.compile(r"\\([A-Za-z]+)")
_SPACE = re.compile(r"[ \t\n]*")
_BRACE = re.compile(r"\\.|[{}]", re.DOTALL)
_CONTROL = re.compile(r"\\(?:[A-Za-z]+|.?)", re.DOTALL)
_PARAMETER = re.compile(r"#(#|[1-9])")
_DEF_PARAMS = re.compile(r"(?:#[1-9])*")
_ENDS_WITH_WORD = re.compile(r"\\[A-Za-z]+$")


@dataclass(frozen=True)
class Macro:
    """One definition: `\\name` takes `params` arguments (the first optional when `default` is set)."""

    name: str  # without the backslash
    params: int
    body: str
    start: int  # where the definition stands in the file
    end: int
    default: str | None = None


class MacroError(Exception):
    """An expansion over a bound (`code` too-large) or that cannot be read (`code` unparsed)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# -- reading definitions -------------------------------------------------------------------------
def collect(text: str) -> list[Macro]:
    """Every definition in `text` (comments and code already blanked), in document order.

    `\\let` copies the definition known at its place; `\\providecommand` keeps an earlier one."""
    found: list[Macro] = []
    known: dict[str, Macro] = {}
    source = _Source(text)
    pos = 0
    for _ in range(MAX_ATTEMPTS):
        match = _DEFINER.search(text, pos)
        if match is None or len(found) >= MAX_DEFINITIONS:
            break
        macro = _definition(source, match, known)
        pos = macro.end if macro is not None else match.end()
        if macro is None:
            continue
        if match.group("cmd") == "providecommand" and (macro.name in known or macro.name in KNOWN_COMMANDS):
            continue
        found.append(macro)
        known[macro.name] = macro
    return found


class _Source:
    """The document's text, with its braces paired once (so that no definition rescans the text)."""

    def __init__(self, text: str):
        self.text = text
        self._pairs: dict[int, int] | None = None

    def group(self, pos: int) -> tuple[str, int] | None:
        """The inside of the balanced `{…}` at `pos` and the position after it (None if not one, or too long)."""
        if not self.text.startswith("{", pos):
            return None
        if self._pairs is None:
            self._pairs = _brace_pairs(self.text)
        close = self._pairs.get(pos)
        if close is None or close - pos - 1 > MAX_BODY_CHARS:
            return None
        return self.text[pos + 1:close], close + 1


def _brace_pairs(text: str) -> dict[int, int]:
    """Each `{` that is closed, with the position of its `}` (escaped braces skipped); linear time."""
    pairs, stack = {}, []
    for m in _BRACE.finditer(text):
        if m.group() == "{":
            stack.append(m.start())
        elif m.group() == "}" and stack:
            pairs[stack.pop()] = m.start()
    return pairs


def _definition(source: _Source, match: re.Match[str], known: dict[str, Macro]) -> Macro | None:
    if match.group("cmd"):
        return _newcommand(source, match)
    if match.group("def"):
        return _def(source, match)
    if match.group("op"):
        return _operator(source, match)
    return _let(source.text, match, known)


def _skip_space(text: str, pos: int) -> int:
    space = _SPACE.match(text, pos)  # matches always (possibly empty)
    return space.end() if space else pos


def _defined_name(text: str, pos: int) -> tuple[str, int] | None:
    """`\\name` or `{\\name}` at `pos`: the name and the position after it."""
    pos = _skip_space(text, pos)
    braced = text.startswith("{", pos)
    if braced:
        pos = _skip_space(text, pos + 1)
    name = _NAME.match(text, pos)
    if name is None:
        return None
    pos = name.end()
    if braced:
        pos = _skip_space(text, pos)
        if not text.startswith("}", pos):
            return None
        pos += 1
    return name.group(1), pos


def _group(text: str, pos: int) -> tuple[str, int] | None:
    """The inside of the balanced `{…}` at `pos` in a region's text and the position after it."""
    if not text.startswith("{", pos):
        return None
    depth, i, stop = 0, pos, len(text)
    while i < stop:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[pos + 1:i], i + 1
        i += 1
    return None


def _bracket(text: str, pos: int) -> tuple[str, int] | None:
    """The inside of `[…]` at `pos` (brackets inside braces do not close it)."""
    if not text.startswith("[", pos):
        return None
    depth, i, stop = 0, pos + 1, min(len(text), pos + MAX_OPTIONAL_CHARS + 2)
    while i < stop:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "]" and depth == 0:
            return text[pos + 1:i], i + 1
        i += 1
    return None


def _acceptable(body: str, params: int) -> bool:
    """Plain definitions only: no `@` internals, no parameter beyond those declared."""
    if "@" in body or "\\csname" in body or "\\catcode" in body:
        return False
    return all(m.group(1) == "#" or int(m.group(1)) <= params for m in _PARAMETER.finditer(body))


def _make(name: str, params: int, body: str, start: int, end: int, default: str | None = None) -> Macro | None:
    if not _acceptable(body, params) or (default is not None and "@" in default):
        return None
    flat = lambda s: s.replace("\n", " ")  # noqa: E731  (an expansion never adds a line break)
    return Macro(name, params, flat(body), start, end, None if default is None else flat(default))


def _newcommand(source: _Source, match: re.Match[str]) -> Macro | None:
    text = source.text
    named = _defined_name(text, match.end())
    if named is None:
        return None
    name, pos = named
    params, default = 0, None
    count = _bracket(text, _skip_space(text, pos))
    if count is not None:
        if not re.fullmatch(r"\s*[0-9]\s*", count[0]):
            return None
        params, pos = int(count[0]), count[1]
        optional = _bracket(text, _skip_space(text, pos))
        if optional is not None:
            if params == 0:
                return None
            default, pos = optional
    body = source.group(_skip_space(text, pos))
    if body is None:
        return None
    return _make(name, params, body[0], match.start(), body[1], default)


def _def(source: _Source, match: re.Match[str]) -> Macro | None:
    text = source.text
    name = _NAME.match(text, _skip_space(text, match.end()))
    if name is None:
        return None
    brace = text.find("{", name.end(), name.end() + 40)
    if brace < 0:
        return None
    parameters = text[name.end():brace].replace(" ", "")
    if not _DEF_PARAMS.fullmatch(parameters):
        return None  # delimited parameters: not read
    numbers = [int(d) for d in parameters[1::2]]
    if numbers != list(range(1, len(numbers) + 1)):
        return None
    body = source.group(brace)
    if body is None:
        return None
    return _make(name.group(1), len(numbers), body[0], match.start(), body[1])


def _operator(source: _Source, match: re.Match[str]) -> Macro | None:
    named = _defined_name(source.text, match.end())
    if named is None:
        return None
    name, pos = named
    body = source.group(_skip_space(source.text, pos))
    if body is None or "\\" in body[0].replace("\\!", "").replace("\\,", "").replace("\\-", ""):
        return None
    star = "*" if match.group("star") else ""
    return _make(name, 0, f"\\operatorname{star}{{{body[0].strip()}}}", match.start(), body[1])


def _let(text: str, match: re.Match[str], known: dict[str, Macro]) -> Macro | None:
    target = _NAME.match(text, _skip_space(text, match.end()))
    if target is None:
        return None
    pos = _skip_space(text, target.end())
    if text.startswith("=", pos):
        pos = _skip_space(text, pos + 1)
    source = _NAME.match(text, pos)
    if source is None or source.group(1) == target.group(1):
        return None
    copied = known.get(source.group(1))
    if copied is not None:
        return Macro(target.group(1), copied.params, copied.body, match.start(), source.end(), copied.default)
    if source.group(1) in KNOWN_COMMANDS:
        return Macro(target.group(1), 0, source.group(), match.start(), source.end())
    return None


# -- expanding ----------------------------------------------------------------------------------
class Expander:
    """Expands the macros of `table` in one region's text, within `max_chars` of output."""

    def __init__(self, table: dict[str, Macro] | None = None, max_chars: int = 5_000):
        self.table = table if table is not None else {}
        self.max_chars = max_chars
        self.uses = 0
        self.work = 0  # characters produced, over the whole document
        self.total_uses = 0  # over the whole document
        self.exhausted = False  # a document-wide bound was reached: nothing more is expanded

    def expand(self, text: str, max_chars: int | None = None) -> str:
        """`text` with every use of a macro expanded; MacroError when over a bound or unreadable."""
        if max_chars is not None:
            self.max_chars = max_chars
        self.uses = 0
        out: list[str] = []
        size, pos = 0, 0
        for start, end, expansion in self._uses(text, 0):
            piece = text[pos:start]
            replacement = expansion.replace("\n", " ") + "\n" * text.count("\n", start, end)
            out += [piece, _separate(replacement, text, end)]
            size += len(piece) + len(replacement)
            self._check_size(size)
            pos = end
        out.append(text[pos:])
        return "".join(out)

    def _uses(self, text: str, depth: int) -> Iterator[tuple[int, int, str]]:
        """(start, end, expansion) for each use of a macro in `text`, in order."""
        pos = 0
        while True:
            control = _CONTROL.search(text, pos)
            if control is None:
                return
            macro = self.table.get(control.group()[1:])
            if macro is None:
                pos = control.end()
                continue
            args, end = self._arguments(macro, text, control.end())
            yield control.start(), end, self._expand_use(macro, args, depth)
            pos = end

    def _expand_use(self, macro: Macro, args: list[str], depth: int) -> str:
        self.uses += 1
        self.total_uses += 1
        if self.total_uses > MAX_DOCUMENT_USES or self.work > MAX_WORK_CHARS:
            self.exhausted = True
            raise MacroError("too-large", f"this file's macros need more than {MAX_DOCUMENT_USES} uses or "
                                          f"{MAX_WORK_CHARS} characters to expand; from here on they were not expanded")
        if depth >= MAX_DEPTH:
            raise MacroError("unparsed", f"the macro \\{macro.name} expands more than {MAX_DEPTH} levels deep "
                                         "(it may call itself); it was not expanded")
        if self.uses > MAX_EXPANSIONS:
            raise MacroError("too-large", f"more than {MAX_EXPANSIONS} macro uses to expand; they were not expanded")
        if len(macro.body) > self.max_chars:
            raise MacroError("too-large", f"the macro \\{macro.name} is longer than {self.max_chars} characters; "
                                          "it was not expanded")
        text = _substitute(macro.body, args)
        out, size, pos = [], 0, 0
        for start, end, expansion in self._uses(text, depth + 1):
            out += [text[pos:start], _separate(expansion, text, end)]
            size += start - pos + len(expansion)
            self._check_size(size)
            pos = end
        out.append(text[pos:])
        result = "".join(out)
        self._check_size(len(result))
        self.work += len(result)
        return result

    def _check_size(self, size: int) -> None:
        if size > self.max_chars:
            raise MacroError("too-large", f"expanding the macros would make this math longer than {self.max_chars} "
                                          "characters; it was not expanded")

    def _arguments(self, macro: Macro, text: str, pos: int) -> tuple[list[str], int]:
        args: list[str] = []
        first = 0
        if macro.default is not None:
            optional = _bracket(text, _skip_space(text, pos))
            args.append(macro.default if optional is None else optional[0])
            pos = pos if optional is None else optional[1]
            first = 1
        for _ in range(first, macro.params):
            argument = _argument(text, pos)
            if argument is None:
                raise MacroError("unparsed", f"the macro \\{macro.name} takes {macro.params} arguments and is "
                                             "missing one (or its braces do not balance); it was not expanded")
            args.append(argument[0])
            pos = argument[1]
        return args, pos


def _argument(text: str, pos: int) -> tuple[str, int] | None:
    """One undelimited argument at `pos`: a braced group's inside, or one token (`\\alpha`, `x`)."""
    pos = _skip_space(text, pos)
    if pos >= len(text) or text[pos] in "}]" or text[pos] == "&":
        return None
    if text[pos] == "{":
        return _group(text, pos)
    if text[pos] == "\\":
        control = _CONTROL.match(text, pos)  # matches always after a backslash
        if control is not None:
            return control.group(), control.end()
    return text[pos], pos + 1


def _substitute(body: str, args: list[str]) -> str:
    """The body with `#k` replaced by the k-th argument (`##` is `#`); no control word runs into a letter."""
    out: list[str] = []
    pos = 0
    for m in _PARAMETER.finditer(body):
        out.append(body[pos:m.start()])
        value = "#" if m.group(1) == "#" else args[int(m.group(1)) - 1].replace("\n", " ")
        if out and _ENDS_WITH_WORD.search(out[-1]) and value[:1].isalpha():
            out.append(" ")
        out.append(value)
        if _ENDS_WITH_WORD.search(value) and body[m.end():m.end() + 1].isalpha():
            out.append(" ")
        pos = m.end()
    out.append(body[pos:])
    return "".join(out)


def _separate(expansion: str, text: str, end: int) -> str:
    """An expansion ending in a control word, followed by a letter, gets a space (`\\alpha` + `b`)."""
    if _ENDS_WITH_WORD.search(expansion) and text[end:end + 1].isalpha():
        return expansion + " "
    return expansion
