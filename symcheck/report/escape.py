"""Every output boundary in one place: student text (and ids, file names, messages quoting them) as text.

Answer files, their names and the student ids made from them are untrusted. Whatever
reaches a page, a gradebook or a terminal goes through one of these functions:

- `html_text`: escaped for HTML text and attribute values.
- `sanitize_mathml`: the MathML converter's output cut down to an allow-list of MathML
  elements and attributes. latex2mathml copies `\\text{…}`/`\\mbox`/`\\hbox`/`\\fbox` content
  unescaped and passes `\\href{…}` and `\\style{…}` through as attributes, so its output is
  never trusted. The sanitiser is nh3, the Python binding of Ammonia (Rust, html5ever's
  spec-compliant parser): maintained, fast, and it parses the markup the way a browser does
  (including the MathML namespace) instead of matching patterns. bleach is deprecated and
  slower.
- `md_text`, `md_code`: Markdown (feedback .md, summary.md, Gradescope's `output`).
- `tex_text`: LaTeX text (a handout's variant id).
- `csv_cell`: spreadsheet formula injection neutralised (the OWASP rule).
- `terminal_text`: control characters (ANSI escapes, carriage returns, C1 codes, bidi overrides)
  shown as `\\uXXXX`.
- `safe_output_name`: a file name for a student's feedback derived from an untrusted id.
"""
from __future__ import annotations

import functools
import hashlib
import html
import re
import unicodedata

# -- HTML ----------------------------------------------------------------------------------------


def html_text(text: str) -> str:
    """Text (or an attribute value) for HTML: & < > " ' escaped."""
    return html.escape(text, quote=True)


# The MathML elements latex2mathml emits (MathML Core plus the few presentation extras it uses).
MATHML_TAGS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot", "msub", "msup",
    "msubsup", "munder", "mover", "munderover", "mtable", "mtr", "mtd", "mstyle", "mpadded", "mphantom",
    "menclose", "merror", "mfenced", "semantics", "annotation", "mprescripts", "mmultiscripts", "none",
})
# Presentation attributes only: no href, no style, no event handlers, no class/id (which the page's CSS uses).
MATHML_ATTRIBUTES = frozenset({
    "xmlns", "display", "mathvariant", "mathsize", "mathcolor", "mathbackground", "stretchy", "fence",
    "separator", "lspace", "rspace",
    "accent", "accentunder", "columnalign", "columnlines", "columnspacing", "rowalign", "rowlines",
    "rowspacing", "frame", "framespacing", "equalrows", "equalcolumns", "rowspan", "columnspan", "width",
    "height", "depth", "voffset", "linethickness", "displaystyle", "scriptlevel", "minsize", "maxsize",
    "notation", "form", "movablelimits", "largeop", "symmetric", "open", "close", "separators", "align",
    "bevelled", "numalign", "denomalign", "encoding",
})


def sanitize_mathml(markup: str) -> str:
    """MathML from the converter, with only allow-listed elements and attributes; scripts dropped with their content."""
    import nh3  # only the HTML feedback needs it; `symcheck check` does not pay for the import

    return nh3.clean(markup, tags=set(MATHML_TAGS), attributes={"*": set(MATHML_ATTRIBUTES)},
                     clean_content_tags={"script", "style"}, strip_comments=True, link_rel=None,
                     url_schemes=set())


# -- Markdown ------------------------------------------------------------------------------------
# Inline Markdown syntax (the text never starts a line, so list and heading markers need no escape).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~$])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")


def md_text(text: str) -> str:
    """Text for Markdown inline content: one line, no HTML, no link, emphasis, code or heading syntax.

    `&`, `<`, `>` become entities (inline HTML is rendered raw by CommonMark); other Markdown
    punctuation is backslash-escaped; line breaks become spaces so no new block can start. The result
    is meant for the middle of a line that symcheck starts (`- ✗ line 3 [code]: …`, `# Feedback: …`).
    """
    text = _LINE_BREAKS.sub(" ", _controls_blank(text))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(text: str, *, in_table: bool = False) -> str:
    """A Markdown code span holding `text` literally (a fence longer than any backtick run in it).

    In a table cell a `|` would still end the cell, so it is written `\\|` (GFM removes the backslash).
    """
    text = _LINE_BREAKS.sub(" ", _controls_blank(text))
    if in_table:
        text = text.replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def md_math(latex: str | None, *, in_table: bool = False) -> str:
    """Inline math for Markdown (`$…$`, as GitHub and Gradescope render it), from LaTeX symcheck made.

    The LaTeX may quote a student's names, so it cannot leave the math span or start markup: `$` and
    backticks are dropped, line breaks become spaces, `<` `>` become `\\lt`/`\\gt` (no HTML tag can
    open), `&` not followed by a space (an entity) becomes `\\&`; in a table cell `|` becomes `\\vert`.
    """
    if latex is None:
        return ""
    text = _LINE_BREAKS.sub(" ", _controls_blank(latex)).replace("$", "").replace("`", "")
    text = text.replace("<", r"\lt ").replace(">", r"\gt ")
    text = re.sub(r"&(?=[A-Za-z#])", r"\\&", text)
    if in_table:
        text = text.replace("|", r"\vert ")
    text = text.strip()
    return f"${text}$" if text else ""


def _controls_blank(text: str) -> str:
    """Control characters other than line breaks and tab replaced by U+FFFD (they have no place in a page)."""
    return _controls(frozenset("\r\n\t")).sub("\ufffd", text)


# -- LaTeX ---------------------------------------------------------------------------------------
_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
                "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%", "~": r"\textasciitilde{}"}


def tex_text(text: str) -> str:
    """Text for a LaTeX document's body, read as text only: every special character escaped (no command, no
    math, no comment, no group), line breaks and control characters as spaces/U+FFFD."""
    text = _LINE_BREAKS.sub(" ", _controls_blank(text))
    return "".join(_TEX_SPECIAL.get(c, c) for c in text)


# -- CSV -----------------------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading = + - @ tab or CR gets a ' in front (OWASP's rule).

    Numbers (int, float) are written as they are. A cell holding a line break is quoted by the
    writer (`render_csv` quotes every such row), so it never splits its row.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


# -- terminal ------------------------------------------------------------------------------------
# C0 and C1 controls, DEL, line/paragraph separators and the bidi overrides/isolates (which reorder what is shown).
_CONTROL_CODES = (*range(0x00, 0x20), *range(0x7f, 0xa0), 0x2028, 0x2029, *range(0x202a, 0x202f),
                  *range(0x2066, 0x206a), 0x200e, 0x200f, 0x061c)


@functools.lru_cache(maxsize=8)
def _controls(keep: frozenset[str]) -> re.Pattern[str]:
    """A character class of every control character but those in `keep` (a regex: outputs can be megabytes)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in _CONTROL_CODES if chr(c) not in keep) + "]")


def terminal_text(text: str, *, keep: str = "\n\t") -> str:
    """Text safe to print: every control character (ESC, CR, C1, bidi overrides) except `keep` as `\\uXXXX`."""
    return _controls(frozenset(keep)).sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# -- file names ----------------------------------------------------------------------------------
MAX_NAME_BYTES = 120  # the stem; with a hash suffix and an extension it stays far below 255 bytes
RESERVED_STEMS = frozenset({"summary", "index"})
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f-\x9f/\\:*?"<>|\u202a-\u202e\u2066-\u2069]')


def safe_output_name(student: str, taken: set[str] | None = None) -> str:
    """A file stem for `student`'s feedback: no path separator or control character, no leading dot or dash,
    at most MAX_NAME_BYTES bytes, never `summary`/`index`, and (with `taken`, compared case-insensitively)
    unique. When the id had to change, a hash of the full id is appended so two ids never share a name.
    """
    stem = _UNSAFE_NAME.sub("_", unicodedata.normalize("NFC", student)).strip(" ")
    if stem.startswith((".", "-")):  # hidden, or read as an option by shell tools
        stem = "_" + stem.lstrip(".-")
    changed = stem != student or not stem or stem.casefold() in RESERVED_STEMS
    if len(stem.encode("utf-8")) > MAX_NAME_BYTES:
        stem = stem.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore")
        changed = True
    if changed or (taken is not None and stem.casefold() in taken):
        stem = f"{stem or 'student'}-{hashlib.sha256(student.encode('utf-8', 'surrogatepass')).hexdigest()[:10]}"
    if taken is not None:
        base, n = stem, 2
        while stem.casefold() in taken:
            stem, n = f"{base}-{n}", n + 1
        taken.add(stem.casefold())
    return stem
