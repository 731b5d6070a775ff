"""A recursive-descent parser for the math students write in this field.

It reads arithmetic, names with sub/superscripts and accents, fractions, Leibniz
derivatives, matrices, tuples, transposes, named functions and the operators D,
nabla and composition into the syntax tree of `symcheck.latex.syntax`. It never
evaluates anything and never calls Python's `eval`: meaning is given later by
`symcheck.meaning.interpret`.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import NoReturn, TypeVar

from symcheck.core.errors import LatexParseError, UnsupportedNotation
from symcheck.core.known_functions import LATEX_NAMES
from symcheck.latex.ellipsis import ellipsis_list, ellipsis_sum
from symcheck.latex.lexer import Token, tokenize
from symcheck.latex.syntax import (
    Abs,
    Add,
    Apply,
    Const,
    Det,
    Div,
    DOp,
    Entry,
    Factorial,
    Fn,
    Group,
    Integral,
    Leibniz,
    Limit,
    Matrix,
    Mul,
    Nabla,
    Name,
    Neg,
    Node,
    Norm,
    Num,
    Pow,
    Prime,
    Series,
    Sqrt,
    Text,
    Transpose,
    TupleNode,
    canonical_name,
    clean_script,
    map_children,
    with_index,
)

MAX_DEPTH = 60

GREEK = {
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "rho", "tau", "upsilon", "phi", "varphi", "chi",
    "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Sigma", "Upsilon", "Phi", "Psi",
    "Omega", "ell",
}
FUNCTIONS = LATEX_NAMES  # LaTeX name -> function name, from the one registry (symcheck.core.known_functions)
BIG_OPERATORS = {"\\sum": "sum", "\\prod": "prod", "\\int": "integral", "\\lim": "limit"}
LIMIT_ARROWS = {"\\to", "\\rightarrow", "\\Rightarrow", "\\longrightarrow", "\\Longrightarrow"}
ACCENTS = {"hat", "bar", "tilde", "vec", "dot", "ddot", "widehat", "overline", "widetilde", "check"}
_BOLD = re.compile(r"\\(?:mathbf|boldsymbol|bm|mathit|mathrm)\s*\{([^{}]*)\}")
FONTS = {"mathbf", "boldsymbol", "mathbb", "mathcal", "mathit", "bm", "mathsf", "mathrm", "operatorname"}
TEXTS = {"text", "textbf", "textit", "textrm", "mbox", "textnormal"}
MUL_OPS = {"*": "*", "\\cdot": "*", "\\times": "*", "\\ast": "*", "\\circ": "compose", "\\odot": "hadamard",
           "\\otimes": "hadamard"}  # ⊗ as the element-wise product of this field: a guess (parse.notation_guesses)
DIV_OPS = {"/", "\\div"}
MATRIX_ENVS = {"bmatrix", "pmatrix", "matrix", "Bmatrix", "smallmatrix", "array", "vmatrix", "cases"}
TRANSPOSE = {"T", "\\top", "\\intercal", "t"}
NORM_ORDERS = {"1": "1", "2": "2", "F": "F", "\\infty": "oo", "\\max": "oo"}
EVENT_MARKS = {"=", ";", "<", ">", "\\le", "\\ge", "\\leq", "\\geq", "\\lt", "\\gt", "\\neq", "\\ne"}
NOT_EQUAL = ("\\neq", "\\ne")
ELLIPSES = ("\\cdots", "\\ldots", "\\dots", "\\dotsb", "\\dotsc")
STARS = {"*", "\\ast", "\\star"}  # x^* names a value of x (an optimum, a target), never a power
UNSUPPORTED = {
    "\\sum": "sums", "\\prod": "products", "\\int": "integrals", "\\lim": "limits",
    "\\cdots": "ellipses", "\\ldots": "ellipses", "\\dots": "ellipses", "\\vdots": "ellipses",
    "\\in": "set membership", "\\forall": "quantifiers", "\\exists": "quantifiers",
    "\\to": "arrows", "\\mapsto": "arrows", "\\rightarrow": "arrows", "\\partial": "bare partial signs",
    "\\leftarrow": "arrows", "\\gets": "arrows", "\\Leftarrow": "arrows", "\\leftrightarrow": "arrows",
}
_T = TypeVar("_T")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NOT_IN_A_NAME = re.compile(r"[-+*/=<>|!(),;]")
CALLABLE = (Name, Fn, Apply, Group, Leibniz, Prime, Nabla)  # heads that `(…)` may call


def excluded_term(body: Node, index: str, value: Node, spelling: str) -> Node | None:
    """`body` with the index `index` set to `value` (`s_{j}` becomes `s_{y_i}` when `value` is written `y_i`);
    None when a name holds the index in another way (`a_{jk}`)."""
    def visit(item: Node) -> Node:
        if isinstance(item, Name):
            if item.name == index:
                return value
            renamed = item.name.replace("_{" + index + "}", "_{" + spelling + "}")
            if with_index(Name(renamed), index, 0) != Name(renamed):
                raise UnsupportedNotation(f"the index {index} inside the name {item.name}")
            return Name(renamed)
        return map_children(item, visit)

    try:
        return visit(body)
    except UnsupportedNotation:
        return None


def implicit_range(index: str) -> str:
    """The name standing for the upper end of `\\sum_i`'s range (1 to it): not a name a student can write."""
    return f"⟦{index}⟧"


def parse_latex_tree(text: str, extended: bool = False) -> Node:
    """Parse one math expression (no relations) into a syntax tree.

    `extended` (used by `symcheck.read_latex`) also reads sums, products, integrals, limits and
    scientific notation (`2.5E2`); answer files leave these to the fallback reader.
    """
    return _Parser(text, extended).parse_all()


class _Parser:
    def __init__(self, text: str, extended: bool = False):
        self.text = text
        self.extended = extended
        self.tokens: list[Token] = tokenize(text, scientific=extended)
        self.i = 0
        self.depth = 0
        self.abs_depth = 0
        self.norm_depth = 0

    # -- token helpers -------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def advance(self) -> Token:
        tok = self.tokens[self.i]
        self.i = min(self.i + 1, len(self.tokens) - 1)
        return tok

    def at(self, *texts: str) -> bool:
        return self.tok.kind != "end" and self.tok.text in texts

    def expect(self, text: str) -> Token:
        if not self.at(text):
            self.fail(f"expected '{text}'")
        return self.advance()

    def fail(self, reason: str, cls: type[LatexParseError] = LatexParseError) -> NoReturn:
        found = self.tok.text or "end of input"
        raise cls(f"{reason} at '{found}'", self.text, self.tok.pos)

    def nested(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.fail("nesting too deep")

    # -- grammar ---------------------------------------------------------
    def parse_all(self) -> Node:
        node = self.expression()
        if self.at(","):  # `x_1, y_1`: a list of names or values
            items: list[Node | None] = [node]
            while self.at(","):
                self.advance()
                items.append(None if self.skip_ellipsis(",") else self.expression())
            node = self.list_node(items)
        while self.at("."):  # a trailing full stop ends a sentence, not a number
            self.advance()
        if self.tok.kind != "end":
            self.fail("unexpected symbol")
        return node

    def expression(self) -> Node:
        self.nested()
        terms: list[tuple[int, Node | None]] = [(self.leading_sign(), self.product())]
        while self.at("+", "-"):
            sign = -1 if self.advance().text == "-" else 1
            terms.append((sign, None if self.skip_ellipsis() else self.product()))
        if self.at("\\pm", "\\mp"):  # a ± b is two values, never a + b
            self.fail("\\pm and \\mp stand for two values, not one expression", UnsupportedNotation)
        self.depth -= 1
        if any(node is None for _, node in terms):  # x_1 + x_2 + \cdots + x_n
            node = ellipsis_sum(terms, lambda bound: _Parser(bound).parse_all())
            if node is None:
                self.fail("ellipses are not interpreted", UnsupportedNotation)
            return node
        if len(terms) == 1 and terms[0][0] == 1:
            return terms[0][1]  # type: ignore[return-value]  # (no ellipsis: every node is set)
        return Add(tuple((sign, node) for sign, node in terms if node is not None))

    def skip_ellipsis(self, *after: str) -> bool:
        """`\\cdots`, `\\ldots`, `\\dots` or `...` as a term of a sum (followed by `+` or `-`) or an item of a
        list (followed by what `after` names), consumed."""
        if self.at(*ELLIPSES):
            count = 1
        elif all(self.peek(k).text == "." and self.peek(k).kind == "op" for k in range(3)):
            count = 3
        else:
            return False
        if self.peek(count).text not in (after or ("+", "-")):
            return False
        for _ in range(count):
            self.advance()
        return True

    def leading_sign(self) -> int:
        sign = 1
        while self.at("+", "-"):
            if self.advance().text == "-":
                sign = -sign
        return sign

    def product(self) -> Node:
        node = self.unary()
        if isinstance(node, DOp) and self.starts_atom():  # d/dx applies to the whole product after it
            return Mul(node, self.product(), "implicit")
        while True:
            if self.tok.text in MUL_OPS and self.tok.kind in ("op", "cmd"):
                op = MUL_OPS[self.advance().text]
                node = Mul(node, self.unary(), op)
            elif self.tok.text in DIV_OPS:
                self.advance()
                node = Div(node, self.unary())
            elif self.starts_atom():
                factor = self.power()
                if isinstance(factor, DOp) and self.starts_atom():
                    factor = Mul(factor, self.product(), "implicit")
                node = Mul(node, factor, "implicit")
            else:
                return node

    def unary(self) -> Node:
        if self.at("-"):
            self.advance()
            return Neg(self.unary())
        if self.at("+"):
            self.advance()
            return self.unary()
        return self.power()

    def power(self) -> Node:
        node = self.postfix(self.atom())
        if self.at("^"):
            self.advance()
            exponent = self.script_group()
            if self.at("_") and isinstance(node, Name) and "_{" not in node.name:
                self.advance()  # x^2_{ij}: the superscript written before the subscript, (x_{ij})^2
                node = Name(canonical_name(node.name, clean_script(self.raw_group())))
            node = self.postfix(Pow(node, exponent))
        return node

    def postfix(self, node: Node) -> Node:
        while True:
            if self.at("(") and isinstance(node, Name) and self.conditional_end() is not None:
                node = self.probability(node)
            elif self.at("(") and isinstance(node, CALLABLE):
                node = Apply(node, self.call_args())
            elif self.at("'"):
                self.advance()
                node = Prime(node)
                primed = self.primed_name(node) if self.at("_") else None
                if primed is not None:
                    self.advance()  # a'_b, y''_1: a name with primes, then its subscript
                    base, primes = primed
                    sub = clean_script(self.raw_group())
                    if self.at("("):  # f'_1(x): the derivative of the function f_1
                        node = Name(canonical_name(base, sub))
                        for _ in range(primes):
                            node = Prime(node)
                    else:
                        node = Name(canonical_name(base + "'" * primes, sub))
            elif self.at("!"):
                self.advance()
                node = Factorial(node)
            elif self.at("^") and self.is_transpose_next():
                self.skip_transpose()
                node = Transpose(node)
            elif self.at("_") and isinstance(node, (Group, Apply)):  # (F∘G)_2, softmax(s)_1: an entry of the value
                self.advance()
                node = Entry(node, clean_script(self.raw_group()))
            else:
                return node

    def conditional_end(self) -> int | None:
        """Where the `)` closing `p(y | x; θ)`, `P(y = 1 | x)`, `p(y; φ)` is: a bracket after a name holding, outside
        inner brackets, one conditional bar (`|`, `\\mid`, not first) or an `=` or a `;`. None for any other bracket."""
        depth, bars, marks = 0, 0, 0
        for k in range(self.i, len(self.tokens)):
            text = self.tokens[k].text
            if text in ("(", "[", "{"):
                depth += 1
            elif text in (")", "]", "}"):
                depth -= 1
                if depth == 0:
                    return k if (bars == 1 or (marks and not bars)) else None
            elif depth == 1 and text in ("|", "\\mid"):
                bars += 1 if k > self.i + 1 else 2  # a bar first opens an absolute value
            elif depth == 1 and text in EVENT_MARKS:
                marks += 1
        return None

    def probability(self, head: Name) -> Node:
        """`p(y | x; θ)`: the probability (or density) of an event, `\\mathbb{1}(x > y)` its indicator: one value the
        text does not define; read as a name spelled as written (a guess: `symcheck.latex.parse.tree_guesses`)."""
        end = self.conditional_end()
        assert end is not None
        start, stop = self.tok.pos, self.tokens[end].pos + 1
        self.i = end + 1
        inner = "".join(self.text[start:stop].replace("\\lvert", "|").replace("\\mid", "|").split())
        return Name(head.name + inner)

    @staticmethod
    def primed_name(node: Node) -> tuple[str, int] | None:
        """(`a`, 2) for the tree of `a''`, when the name has no subscript yet."""
        primes = 0
        while isinstance(node, Prime):
            node, primes = node.arg, primes + 1
        if isinstance(node, Name) and "_{" not in node.name and "^{" not in node.name:
            return node.name, primes
        return None

    def starts_atom(self) -> bool:
        tok = self.tok
        if tok.kind in ("num", "letter"):
            return True
        if tok.text == "\\|":
            return self.norm_depth == 0  # inside \\|x\\| the next \\| closes
        if tok.kind == "cmd":
            return tok.text not in MUL_OPS and tok.text not in DIV_OPS and tok.text not in (
                "\\\\", "\\pm", "\\approx", "\\Rightarrow", "\\implies", "\\}", "\\right", "\\end", "\\rfloor",
                "\\rceil", "\\choose", "\\rbrace")
        if tok.text == "|":
            return self.abs_depth == 0
        return tok.text in ("(", "[", "{")

    # -- atoms -------------------------------------------------------------
    def atom(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self.advance()
            return Num(tok.text)
        if tok.kind == "letter":
            return self.name(tok.text, self.advance())
        if tok.kind == "cmd":
            return self.command()
        if tok.text in ("(", "["):
            return self.bracket()
        if tok.text == "{":
            self.advance()
            node = self.expression()
            if self.at("\\choose"):  # {n \choose k}
                self.advance()
                node = Apply(Fn("binomial"), (node, self.expression()))
            self.expect("}")
            return Group(node)
        if tok.text == "|":
            self.advance()
            self.abs_depth += 1
            node = self.expression()
            self.abs_depth -= 1
            self.expect("|")
            if isinstance(node, Abs) and self.at("_"):  # ||Ax - b||_2: a norm written with bars
                return Norm(node.arg, self.norm_order())
            return Abs(node)
        self.fail("expected a number, name or bracket")

    def bracket(self) -> Node:
        close = {"(": ")", "[": "]"}[self.advance().text]
        self.nested()
        items: list[Node | None] = [self.expression()]
        while self.at(","):
            self.advance()
            items.append(None if self.skip_ellipsis(",") else self.expression())
        if not self.at(close) and self.at(")", "]"):
            close = self.tok.text  # a half-open interval or OCR mismatch: accept either
        self.expect(close)
        self.depth -= 1
        return self.list_node(items) if len(items) > 1 else Group(items[0])  # type: ignore[arg-type]

    def list_node(self, items: list[Node | None]) -> Node:
        """The items of a list; `1, 2, \\ldots, N` (an ellipsis, None, before the last item) as one Series list."""
        if all(item is not None for item in items):
            return TupleNode(tuple(item for item in items if item is not None))
        node = ellipsis_list(items, lambda bound: _Parser(bound).parse_all())
        if node is None:
            self.fail("ellipses are not interpreted", UnsupportedNotation)
        return node

    def call_args(self) -> tuple[Node, ...]:
        node = self.bracket()
        if isinstance(node, TupleNode):
            return node.items
        return (node.inner,) if isinstance(node, Group) else (node,)

    def name(self, base: str, start: Token) -> Node:
        sub = sup = ""
        while self.at("_", "^"):
            if self.at("_"):
                if sub:
                    break
                self.advance()
                sub = clean_script(self.raw_group())
            elif base != "e" and self.is_name_superscript():
                self.advance()
                sup = clean_script(self.raw_group())
                sup = "*" if sup in STARS else sup
            else:
                break
        return Name(canonical_name(base, sub, sup))

    def is_name_superscript(self) -> bool:
        """`W^{(1)}` labels a layer, `w^*`, `y_i^{*}`, `x^\\star` an optimum or a target; `x^2` is a power."""
        nxt = self.peek()
        if nxt.text in STARS or (nxt.text == "{" and self.peek(2).text in STARS and self.peek(3).text == "}"):
            return True
        return nxt.text == "{" and self.peek(2).text == "(" and not self.is_transpose_next()

    def is_transpose_next(self) -> bool:
        return self.transpose_length() > 0

    def transpose_length(self) -> int:
        """How many tokens after `^` spell a transpose (0: none): `T`, `{T}`, `\\top`, `\\mathsf{T}`,
        `{\\mathit{T}}`."""
        texts = [self.peek(k).text for k in range(1, 7)]
        fonts = ("\\mathsf", "\\mathit", "\\mathrm", "\\mathbf", "\\text")
        if texts[0] in TRANSPOSE:
            return 1
        if texts[0] == "{" and texts[1] in TRANSPOSE and texts[2] == "}":
            return 3
        if texts[0] in fonts and texts[1:4] == ["{", "T", "}"]:
            return 4
        if texts[0] == "{" and texts[1] in fonts and texts[2:6] == ["{", "T", "}", "}"]:
            return 6
        return 0

    def skip_transpose(self) -> None:
        for _ in range(self.transpose_length() + 1):  # ^ and the transpose's tokens
            self.advance()

    def braced_source(self) -> str:
        """The source text between `{` (the current token) and its matching `}`, consumed."""
        start = self.advance().pos
        depth, end = 1, start
        while depth and self.tok.kind != "end":
            depth += {"{": 1, "}": -1}.get(self.tok.text, 0)
            end = self.advance().pos
        if depth:
            self.fail("unbalanced braces")
        return self.text[start + 1:end]

    def raw_group(self) -> str:
        """The source text of one script group: `{...}` or a single token."""
        if self.at("{"):
            return self.braced_source()
        tok = self.advance()
        if tok.kind == "end":
            self.fail("missing script")
        if tok.kind == "cmd" and tok.text[1:] in ACCENTS | FONTS | TEXTS:
            return tok.text + "{" + self.raw_group() + "}"
        return tok.text

    def script_group(self) -> Node:
        """The exponent after `^`: a braced expression or one token."""
        if self.at("{"):
            self.advance()
            node = self.expression()
            self.expect("}")
            return node
        tok = self.tok
        if tok.kind == "num" and len(tok.text) > 1 and "." not in tok.text:
            self.advance()  # x^23 means x^2 3 in TeX
            self.tokens.insert(self.i, Token("num", tok.text[1:], tok.pos + 1))
            return Num(tok.text[0])
        if tok.text == "-":
            self.advance()
            return Neg(self.script_group())
        return self.postfix(self.atom()) if tok.kind == "cmd" else self.atom()

    def group_node(self) -> Node:
        self.expect("{")
        node = self.expression() if not self.at("}") else None
        self.expect("}")
        if node is None:
            self.fail("empty group")
        return node

    # -- commands ------------------------------------------------------------
    def command(self) -> Node:
        tok = self.advance()
        cmd = tok.text[1:]
        if tok.text == "\\partial":
            partial = self.partial_command()
            if partial is not None:
                return partial
        if tok.text in UNSUPPORTED and not (self.extended and tok.text in BIG_OPERATORS):
            self.i -= 1
            self.fail(f"{UNSUPPORTED[tok.text]} are not interpreted", UnsupportedNotation)
        node = self.layout_command(tok, cmd)
        if node is None:
            node = self.named_command(tok, cmd)
        if node is None:
            node = self.other_command(tok, cmd)
        if node is not None:
            return node
        self.i -= 1
        self.fail(f"unknown command {tok.text}", UnsupportedNotation)

    def partial_command(self) -> Node | None:
        """`\\partial_x f`, or `\\partial f/\\partial x` written with a slash; None for any other ∂."""
        if self.at("_"):
            return self.partial_subscript()
        return self.slashed_partial()

    def layout_command(self, tok: Token, cmd: str) -> Node | None:
        """Fractions, binomials, floors and ceilings, braces, boxes, big operators; None for any other command."""
        if cmd in ("frac", "dfrac", "tfrac", "cfrac"):
            return self.fraction()
        if cmd in ("binom", "dbinom", "tbinom"):
            return Apply(Fn("binomial"), (self.macro_argument(), self.macro_argument()))
        if cmd in ("lfloor", "lceil"):
            return self.floor_or_ceiling(cmd)
        if cmd in ("{", "lbrace"):
            return self.brace_group(tok)
        if cmd == "boxed":
            return Group(self.group_node())
        if cmd in ("underbrace", "overbrace"):  # \underbrace{x + y}_{\text{a note}}: the note is no factor
            node = Group(self.group_node())
            if self.at("_" if cmd == "underbrace" else "^"):
                self.advance()
                self.raw_group()
            return node
        if tok.text in BIG_OPERATORS and self.extended:
            return self.big_operator(BIG_OPERATORS[tok.text])
        return None

    def floor_or_ceiling(self, cmd: str) -> Node:
        node = self.expression()
        self.expect("\\rfloor" if cmd == "lfloor" else "\\rceil")
        return Apply(Fn("floor" if cmd == "lfloor" else "ceiling"), (node,))

    def big_operator(self, kind: str) -> Node:
        if kind == "integral":
            return self.integral()
        return self.limit() if kind == "limit" else self.series(kind)

    def named_command(self, tok: Token, cmd: str) -> Node | None:
        """Functions, Greek letters, accents, fonts and text; None for any other command."""
        if cmd in FUNCTIONS:
            return self.function(FUNCTIONS[cmd])
        if cmd in GREEK:
            return self.name(tok.text, tok)
        if cmd in ACCENTS:
            inner = clean_script(self.raw_group())
            return self.name(f"\\{'hat' if cmd == 'widehat' else cmd}{{{inner}}}", tok)
        if cmd in FONTS:
            return self.font(tok, cmd)
        if cmd in TEXTS:
            return self.text_atom()
        return None

    def font(self, tok: Token, cmd: str) -> Node:
        """`\\mathbf{w}`, `\\operatorname{foo}`: a name, a function or a number in a font."""
        word = clean_script(self.raw_group())
        if word in FUNCTIONS:
            return self.function(FUNCTIONS[word])
        if cmd == "operatorname" and self.at("("):
            return self.function(word)  # \operatorname{foo}(x): a function, never foo·x
        if word == "1" and cmd in ("mathbb", "mathbf", "bm") and self.at("(") and self.conditional_end() is not None:
            return self.probability(Name(f"\\{cmd}{{1}}"))  # \mathbb{1}(y_i = k): the indicator of an event
        if _NUMBER.fullmatch(word):
            return Num(word)  # \mathbf{21} is the number 21, not a symbol that prints as one
        if _NOT_IN_A_NAME.search(word):
            self.fail(f"a font around an expression ({word})", UnsupportedNotation)
        return self.name(word, tok)

    def other_command(self, tok: Token, cmd: str) -> Node | None:
        """Roots, environments, ∇, constants, norms and bracket commands; None for an unknown command."""
        if cmd == "sqrt":
            return self.square_root()
        if cmd == "begin":
            return self.environment()
        if cmd in ("nabla", "triangledown"):  # ▽ for ∇ is a guess the reading records (parse.notation_guesses)
            return self.nabla()
        if cmd in ("pi", "infty"):
            return Const(cmd)
        if cmd == "|":
            return self.norm()
        if cmd in ("lbrack", "lparen"):
            self.tokens[self.i - 1] = Token("op", "[" if cmd == "lbrack" else "(", tok.pos)
            self.i -= 1
            return self.bracket()
        return None

    def norm(self) -> Node:
        self.norm_depth += 1
        node = self.expression()
        self.norm_depth -= 1
        self.expect("\\|")
        return Norm(node, self.norm_order())

    def norm_order(self) -> str:
        """The subscript after a norm, consumed: `_1`, `_{2}`, `_F`, `_\\infty`, `_{\\text{F}}`; "" when none."""
        if not self.at("_"):
            return ""
        start = self.i
        self.advance()
        order = NORM_ORDERS.get(clean_script(self.raw_group()))
        if order is None:
            self.i = start
            self.fail("a norm with this subscript is not interpreted", UnsupportedNotation)
        return order

    # -- sums, products, integrals, limits (extended reading only) ------------------------------
    def big_scripts(self, lists: bool = False) -> tuple[int | None, Node | None]:
        """`_{...}` and `^{...}` after \\sum, \\prod, \\int, in either order: (raw subscript, upper). With `lists`,
        an upper `{n, m}` (the bounds of `\\sum_{i,j=1}^{n,m}`) is read as a tuple."""
        lower_start: int | None = None
        upper: Node | None = None
        for _ in range(2):
            if self.at("_") and lower_start is None:
                self.advance()
                if not self.at("{"):
                    lower_start = self.i
                    self.advance()
                else:
                    lower_start = self.i
                    self.braced_source()
            elif self.at("^") and upper is None:
                self.advance()
                upper = self.bound_list() if lists and self.at("{") else self.macro_argument()
        return lower_start, upper

    def bound_list(self) -> Node:
        """`{n}` or `{n, m}` above a sum: one bound, or a tuple of them."""
        self.expect("{")
        items = [self.expression()]
        while self.at(","):
            self.advance()
            items.append(self.expression())
        self.expect("}")
        return items[0] if len(items) == 1 else TupleNode(tuple(items))

    def sub_parse(self, start: int, method: Callable[[], _T], one_token: Callable[[], _T] | None = None) -> _T:
        """Parse the script at token `start` with `method` when it is a `{...}` group, with `one_token` when it is
        one token (\\int_0^1, \\sum_i; without it, one token is an error), then come back."""
        here, self.i = self.i, start
        if self.at("{"):
            self.advance()
            node = method()
            self.expect("}")
        elif one_token is not None:
            node = one_token()
        else:
            self.fail("a sum's index needs braces: _{k=1}", UnsupportedNotation)
        self.i = here
        return node

    def index_equals(self) -> tuple[tuple[str, ...], Node]:
        """`k = 1` under \\sum: the index (a name) and its lower bound; `i, j = 1`: several indices, one bound."""
        indices = [self.atom()]
        while self.at(","):
            self.advance()
            indices.append(self.atom())
        if not all(isinstance(index, Name) for index in indices):
            self.fail("the index of a sum must be a name", UnsupportedNotation)
        self.expect("=")
        return tuple(index.name for index in indices if isinstance(index, Name)), self.expression()

    def series(self, kind: str) -> Node:
        lower_start, upper = self.big_scripts(lists=True)
        if lower_start is None:
            self.fail(f"a {kind} without its index", UnsupportedNotation)
        if kind == "sum" and self.tokens[lower_start].text == "{" and self.tokens[lower_start + 2].text in NOT_EQUAL:
            return self.sum_excluding(lower_start, upper)
        if upper is None:  # \sum_i x_i: over a range the text does not give (see IMPLICIT_RANGE)
            index = self.sub_parse(lower_start, self.bare_index, one_token=self.token_index)
            return Series(kind, index, Num("1"), Name(implicit_range(index)), self.product())
        indices, lower = self.sub_parse(lower_start, self.index_equals)
        uppers = upper.items if isinstance(upper, TupleNode) else (upper,) * len(indices)
        if len(uppers) != len(indices):
            self.fail(f"a {kind} with {len(indices)} indices and {len(uppers)} upper bounds", UnsupportedNotation)
        node = self.product()
        for index, bound in reversed(tuple(zip(indices, uppers))):  # \sum_{i,j=1}^{n}: over i, then over j
            node = Series(kind, index, lower, bound, node)
        return node

    def sum_excluding(self, lower_start: int, upper: Node | None) -> Node:
        """`\\sum_{j \\neq i}^{p} x_j`: the sum from 1 to p (or over the range j has elsewhere) less its term j = i
        (a reading the text does not fully settle: `symcheck.latex.parse.notation_guesses` records it)."""
        index, excluded, text = self.sub_parse(lower_start, self.index_not_equal)
        if isinstance(upper, TupleNode):
            self.fail("a sum over a condition with several bounds", UnsupportedNotation)
        body = self.product()
        dropped = excluded_term(body, index, excluded, text)
        if dropped is None:
            self.fail("a sum over a condition", UnsupportedNotation)
        whole = Series("sum", index, Num("1"), upper if upper is not None else Name(implicit_range(index)), body)
        return Add(((1, whole), (-1, dropped)))

    def index_not_equal(self) -> tuple[str, Node, str]:
        """`j \\neq y_i` under \\sum: the index, the value it skips, and that value's spelling in a subscript."""
        index = self.atom()
        if not isinstance(index, Name):
            self.fail("the index of a sum must be a name", UnsupportedNotation)
        self.advance()  # \neq
        start = self.tok.pos
        excluded = self.expression()
        return index.name, excluded, clean_script(self.text[start:self.tok.pos])

    def bare_index(self) -> str:
        """`i` under \\sum_i: a name and nothing else."""
        index = self.atom()
        if not isinstance(index, Name) or not self.at("}"):
            self.fail("a sum over a condition", UnsupportedNotation)
        return index.name

    def token_index(self) -> str:
        """`i` in \\sum_i x_i: the one token after `_`, a name."""
        node = self.atom()
        # A token that is not a name (\\sum_1 x) has always been kept as the index itself (a Num in Series.index);
        # this refactor keeps that behaviour.
        return node.name if isinstance(node, Name) else node  # type: ignore[return-value]

    def integral(self) -> Node:
        lower_start, upper = self.big_scripts()
        if (lower_start is None) != (upper is None):
            self.fail("an integral with one bound", UnsupportedNotation)
        lower = None if lower_start is None else self.sub_parse(lower_start, self.expression, one_token=self.atom)
        end = self.differential()
        closer = None
        if end is None and self.at("(", "[", "{", "\\{", "\\lbrace"):  # \\int (x\\,dx): the integral in one bracket
            closer = {"(": ")", "[": "]", "{": "}", "\\{": "\\}", "\\lbrace": "\\rbrace"}[self.advance().text]
            end = self.differential()
            if end is None or self.tokens[end + 2].text != closer:
                self.fail("an integral without its differential (dx)", UnsupportedNotation)
        if end is None and self.at("\\frac", "\\dfrac", "\\tfrac") and self.peek().text == "{":
            variable = self.differential_in_numerator()
            return Integral(self.product(), variable, lower, upper)
        if end is None:
            self.fail("an integral without its differential (dx)", UnsupportedNotation)
        saved = self.tokens[end]
        self.tokens[end] = Token("end", "", saved.pos)  # the integrand stops at its dx
        body = Num("1") if self.i == end else self.expression()
        if self.i != end:
            self.fail("unexpected symbol in an integrand")
        self.tokens[end] = saved
        self.advance()  # d
        differential = self.atom()
        if not isinstance(differential, Name):
            self.fail("the variable of an integral must be a name", UnsupportedNotation)
        if closer:
            self.expect(closer)
        return Integral(body, differential.name, lower, upper)

    def differential_in_numerator(self) -> str:
        """`\\int \\frac{3\\,dz}{z}`: take the `dz` (and a `\\cdot` before it) out of the numerator; its variable."""
        k, depth, found = self.i + 2, 1, None
        while depth and k < len(self.tokens) - 1:
            tok = self.tokens[k]
            depth += {"{": 1, "}": -1}.get(tok.text, 0)
            nxt = self.tokens[k + 1]
            if depth == 1 and tok.text == "d" and tok.kind == "letter" and found is None and (
                    nxt.kind == "letter" or (nxt.kind == "cmd" and nxt.text[1:] in GREEK)):
                found = k
            k += 1
        if found is None:
            self.fail("an integral without its differential (dx)", UnsupportedNotation)
        variable = self.tokens[found + 1].text
        first = found - 1 if self.tokens[found - 1].text in ("\\cdot", "*", "\\times") else found
        del self.tokens[first:found + 2]
        if self.tokens[self.i + 2].text == "}":  # \\frac{dz}{z}: the numerator is 1
            self.tokens.insert(self.i + 2, Token("num", "1", self.tokens[self.i + 2].pos))
        return variable

    def differential(self) -> int | None:
        """The index of the `d` of this integral's `dx` (skipping those of integrals inside it)."""
        depth, inner = 0, 0
        for k in range(self.i, len(self.tokens) - 1):
            tok = self.tokens[k]
            if tok.text in ("(", "[", "{", "\\{", "\\lbrace"):
                depth += 1
            elif tok.text in (")", "]", "}", "\\}", "\\rbrace"):
                depth -= 1
                if depth < 0:
                    return None
            elif depth == 0 and tok.text == "\\int":
                inner += 1
            elif depth == 0 and tok.kind == "letter" and tok.text == "d":
                nxt = self.tokens[k + 1]
                if nxt.kind == "letter" or (nxt.kind == "cmd" and nxt.text[1:] in GREEK):
                    if inner == 0:
                        return k
                    inner -= 1
        return None

    def limit(self) -> Node:
        if not self.at("_") or self.peek().text != "{":
            self.fail("a limit without its subscript", UnsupportedNotation)
        self.advance()
        self.advance()
        variable = self.atom()
        if not isinstance(variable, Name) or not self.at(*LIMIT_ARROWS):
            self.fail("a limit's subscript must read x \\to a", UnsupportedNotation)
        self.advance()
        close = self.closing_brace()
        direction = "+-"
        tail = [t.text for t in self.tokens[close - 4:close]]
        for pattern, dir_ in ((["^", "{", "+", "}"], "+"), (["^", "{", "-", "}"], "-")):
            if tail == pattern:
                direction, cut = dir_, 4
                break
        else:
            if tail[-2:] in (["^", "+"], ["^", "-"]):
                direction, cut = tail[-1], 2
            else:
                cut = 0
        if cut:
            del self.tokens[close - cut:close]
        point = self.expression()
        self.expect("}")
        return Limit(self.product(), variable.name, point, direction)

    def closing_brace(self) -> int:
        depth = 1
        for k in range(self.i, len(self.tokens)):
            depth += {"{": 1, "}": -1}.get(self.tokens[k].text, 0)
            if depth == 0:
                return k
        self.fail("unbalanced braces")

    def brace_group(self, tok: Token) -> Node:
        """`\\{1+2\\}\\{3-4\\}`, `\\sin\\{\\theta\\}`: braces as brackets. A list inside (`\\{1, 2\\}`) or a
        whole expression in braces (`\\{x\\}`) is a set, which is not interpreted."""
        if self.i == 1 and self.closing_brace_group() == len(self.tokens) - 2:
            self.i -= 1
            self.fail("sets are not interpreted", UnsupportedNotation)
        node = self.expression()
        if not self.at("\\}", "\\rbrace"):
            self.fail("sets are not interpreted" if self.at(",", "|", ":", "\\mid") else "expected '\\}'",
                      UnsupportedNotation)
        self.advance()
        return Group(node)

    def closing_brace_group(self) -> int:
        depth = 1
        for k in range(self.i, len(self.tokens)):
            text = self.tokens[k].text
            depth += 1 if text in ("\\{", "\\lbrace") else -1 if text in ("\\}", "\\rbrace") else 0
            if depth == 0:
                return k
        return -1

    def slashed_partial(self) -> Node | None:
        """`\\partial L/\\partial b`, `\\partial^2 f/\\partial x\\partial y`: a Leibniz quotient written inline.
        None (and nothing read) when the text after \\partial is not of that form."""
        start = self.i
        try:
            order = self.derivative_order()
            numerator = self.power() if self.starts_atom() else None
            if numerator is None or not self.at("/"):
                raise LatexParseError("not a slashed partial")
            self.advance()
            variables: list[Name] = []
            while self.at("\\partial"):
                self.advance()
                variable = self.atom()
                if not isinstance(variable, Name):
                    raise LatexParseError("not a slashed partial")
                variables.extend([variable] * self.derivative_order())
            if not variables or (order != 1 and order != len(variables)):
                raise LatexParseError("not a slashed partial")
            return Leibniz(numerator, tuple(variables), len(variables))
        except LatexParseError:
            self.i = start
            return None

    def derivative_order(self) -> int:
        """`^2` after \\partial or after a variable: how many times; 1 when there is none."""
        if not self.at("^"):
            return 1
        self.advance()
        times = self.advance()
        if times.kind != "num":
            raise LatexParseError("not a derivative order")
        return int(times.text)

    def partial_subscript(self) -> Node:
        """`\\partial_x f`, `\\partial_{x} (x^2 y)`: the partial derivative of the next factor in x."""
        self.advance()
        if self.tok.kind not in ("letter", "cmd", "op") and not self.at("{"):
            self.fail("a partial derivative without its variable")
        variable = clean_script(self.raw_group())
        if not variable or "," in variable or not self.starts_atom():
            self.fail("a partial derivative in several variables or of nothing", UnsupportedNotation)
        target = self.power()
        if isinstance(target, Apply) and isinstance(target.fn, Name):  # \partial_y f(1, 2): ∂f/∂y at (1, 2)
            return Apply(Leibniz(target.fn, (Name(variable),), 1), target.args)
        return Leibniz(target, (Name(variable),), 1)

    def text_atom(self) -> Node:
        tok = self.tokens[self.i - 1]
        words = self.raw_text()
        if words in FUNCTIONS:
            return self.function(FUNCTIONS[words])
        if self.at("_") and words.replace(" ", "").isalnum():  # \\text{net}_{o1}, as \\mathrm{net}_{o1}
            return self.name(words.replace(" ", ""), tok)
        return Text(words)

    def raw_text(self) -> str:
        if not self.at("{"):
            return self.advance().text
        return " ".join(self.braced_source().split())

    def function(self, name: str) -> Node:
        """`\\sigma(x)`, `\\tanh^2 x`, `\\sigma^{-1}(y)`, `\\sigma'(x)`, `\\log_2 8`."""
        primes = 0
        while self.at("'"):
            self.advance()
            primes += 1
        if primes:
            return self.function_argument(Fn(name + "'" * primes))
        if self.at("^") and not self.is_transpose_next():
            self.advance()
            power = self.script_group()
            if power in (Neg(Num("1")), Add(((-1, Num("1")),))):
                return self.function_argument(Fn("inverse_" + name))
            return Pow(self.function_argument(Fn(name)), power)
        if self.at("_") and (name == "sigma" or name in GREEK):  # σ_1, σ_B: a subscripted Greek letter is a name
            return self.name("\\" + name, self.tokens[self.i - 1])
        if self.at("_"):
            self.advance()
            if name != "log":
                self.fail(f"a subscript on {name} is not interpreted", UnsupportedNotation)
            base = self.script_group()
            return Div(self.function_argument(Fn("log")), Apply(Fn("log"), (base,)))
        return self.function_argument(Fn(name))

    def function_argument(self, fn: Node) -> Node:
        if self.at("("):
            return Apply(fn, self.call_args())
        if self.at("["):
            return Apply(fn, self.call_args())
        if self.tok.kind == "end" or not self.starts_atom():
            return fn
        return Apply(fn, (self.function_operand(),))

    def function_operand(self) -> Node:
        """`\\sin 2x`, `\\det DP(r, t)`: the implicit product after a function written without brackets,
        up to an explicit operator or the next named function (`\\cos\\theta \\sin\\theta`)."""
        node = self.operand_factor()
        while self.starts_atom() and not self.at_named_function() and not self.at("("):
            node = Mul(node, self.operand_factor(), "implicit")
        return node

    def operand_factor(self) -> Node:
        """One factor of an unbracketed function argument: `\\cos\\theta(-r)` is cos(θ)·(-r), not cos(θ(-r))."""
        node = self.atom()
        while self.at("'", "!") or (self.at("^") and self.is_transpose_next()):
            if self.at("^"):
                self.skip_transpose()
                node = Transpose(node)
            else:
                node = Prime(node) if self.advance().text == "'" else Factorial(node)
        if self.at("^"):
            self.advance()
            node = Pow(node, self.script_group())
        return node

    def at_named_function(self) -> bool:
        tok = self.tok
        if tok.kind != "cmd":
            return False
        name = tok.text[1:]
        return name in FUNCTIONS or name in FONTS or name in TEXTS or name in ("frac", "dfrac", "tfrac", "sqrt")

    def fraction(self) -> Node:
        start, depth = self.i, self.depth
        try:
            leibniz = self.try_leibniz()
        except LatexParseError:
            leibniz = None
        if leibniz is not None:
            return leibniz
        self.i, self.depth = start, depth
        numerator = self.macro_argument()
        denominator = self.macro_argument()
        return Div(numerator, denominator)

    def macro_argument(self) -> Node:
        """One argument of \\frac or \\binom: `{...}`, or as in TeX a single token: `\\frac12` is 1/2,
        `\\frac1x` is 1/x, `\\frac{\\sin x}2` is sin(x)/2."""
        tok = self.tok
        if tok.kind == "num" and not self.at("{"):
            self.advance()
            if len(tok.text) > 1:  # one digit is the argument; the rest stays in the input
                self.tokens.insert(self.i, Token("num", tok.text[1:], tok.pos + 1))
            if tok.text[0] == ".":
                self.fail("a lone decimal point")
            return Num(tok.text[0])
        if tok.kind == "letter":
            self.advance()
            return Name(tok.text)
        if tok.kind == "cmd" and (tok.text[1:] in GREEK or tok.text in ("\\pi", "\\infty")):
            self.advance()
            return Name(tok.text) if tok.text[1:] in GREEK else Const(tok.text[1:])
        return self.group_node()

    def try_leibniz(self) -> Node | None:
        """`\\frac{\\partial A}{\\partial x}`, `\\frac{dA}{dx}`, `\\frac{\\partial^2 f}{\\partial x^2}`,
        `\\frac{d}{dx}`."""
        if not self.at("{") or self.peek().text not in ("\\partial", "d"):
            return None
        self.advance()
        self.advance()
        order = 1
        if self.at("^"):
            self.advance()
            order_tok = self.advance()
            if order_tok.kind != "num":
                return None
            order = int(order_tok.text)
        numerator = None if self.at("}") else self.expression()
        if not self.at("}"):
            return None
        self.advance()
        if isinstance(numerator, TupleNode) and order == 1:  # ∂(x, y)/∂(r, θ): a Jacobian
            return self.jacobian_quotient(numerator)
        variables = self.leibniz_denominator()
        if variables is None:
            return None
        if numerator is None:
            return DOp(variables, order)
        if numerator == Name("d"):
            return None
        return Leibniz(numerator, variables, order)

    def jacobian_quotient(self, numerator: TupleNode) -> Node | None:
        """`\\frac{\\partial (x, y)}{\\partial (r, \\theta)}`: the matrix of ∂x/∂r, ∂x/∂θ; ∂y/∂r, ∂y/∂θ."""
        if not (self.at("{") and self.peek().text == "\\partial" and self.peek(2).text == "("):
            return None
        self.advance()
        self.advance()
        arguments = self.call_args()
        variables = tuple(v for v in arguments if isinstance(v, Name))
        if not self.at("}") or len(variables) != len(arguments):
            return None
        self.advance()
        return Matrix(tuple(tuple(Leibniz(item, (v,), 1) for v in variables) for item in numerator.items))

    def leibniz_denominator(self) -> tuple[Name, ...] | None:
        if not self.at("{"):
            return None
        self.advance()
        variables: list[Name] = []
        while self.at("\\partial", "d"):
            self.advance()
            if self.tok.kind not in ("letter", "cmd"):
                return None
            var = self.atom()
            if not isinstance(var, Name):
                return None
            if self.at("^"):
                self.advance()
                times = self.advance()
                if times.kind != "num":
                    return None
                variables.extend([var] * int(times.text))
            else:
                variables.append(var)
        if not variables or not self.at("}"):
            return None
        self.advance()
        return tuple(variables)

    def square_root(self) -> Node:
        index = None
        if self.at("["):
            self.advance()
            index = self.expression()
            self.expect("]")
        return Sqrt(self.group_node() if self.at("{") else self.atom(), index)

    def nabla(self) -> Node:
        order = 1
        if self.at("^"):
            self.advance()
            if self.advance().text != "2":
                self.fail("only the gradient and the Hessian are interpreted", UnsupportedNotation)
            order = 2
        if self.at("_"):  # \\nabla_W L: the gradient in W, a different quantity from \\nabla_b L
            self.advance()
            variable = clean_script(_BOLD.sub(r"\1", self.raw_group()))  # \nabla_{\mathbf{x}}: in x
            return Nabla(self.power(), order, variable)  # \nabla_x \|x\|^2: the power is the argument's
        return Nabla(self.postfix(self.atom()), order)

    def ellipsis_vector(self, rows: list[list[Node | None]]) -> Node:
        """`\\begin{bmatrix} y_1 \\\\ y_2 \\\\ \\vdots \\\\ y_m \\end{bmatrix}`: a column (or a row,
        transposed) written with an ellipsis, as a Series list; a matrix with dots in both directions is not read."""
        if len(rows[0]) == 1:
            node = ellipsis_list([row[0] for row in rows], lambda bound: _Parser(bound).parse_all())
        elif len(rows) == 1:
            column = ellipsis_list(rows[0], lambda bound: _Parser(bound).parse_all())
            node = None if column is None else Transpose(column)
        else:
            node = None
        if node is None:
            self.fail("ellipses are not interpreted", UnsupportedNotation)
        return node

    def environment(self) -> Node:
        env = clean_script(self.raw_group()).rstrip("*")
        if env not in MATRIX_ENVS:
            self.fail(f"environment {env} is not interpreted", UnsupportedNotation)
        if env == "array" and self.at("{"):
            self.raw_group()  # column spec
        rows: list[list[Node | None]] = [[]]
        while True:
            if self.at("\\end"):
                self.advance()
                self.raw_group()
                break
            if self.tok.kind == "end":
                self.fail(f"unclosed {env}")
            if self.at(*ELLIPSES, "\\vdots") and self.peek().text in ("&", "\\\\", "\\end"):
                self.advance()  # a cell that is only dots: the matrix is a vector written with an ellipsis
                rows[-1].append(None)
            else:
                rows[-1].append(self.expression())
            if self.at("&"):
                self.advance()
            elif self.at("\\\\"):
                self.advance()
                rows.append([])
        rows = [row for row in rows if row]
        if not rows or len({len(r) for r in rows}) != 1:
            self.fail("matrix rows of different lengths")
        if any(cell is None for row in rows for cell in row):
            return self.ellipsis_vector(rows)
        node = Matrix(tuple(tuple(cell for cell in row if cell is not None) for row in rows))
        return Det(node) if env == "vmatrix" else node
