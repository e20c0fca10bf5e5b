"""The import graph of languages whose files name types, not files: C# and Swift; and in
Java and Kotlin, the types of a file's own package, which it uses without an import (a
class imported by name hides its namesake there), and Kotlin's top-level functions and
properties of the package; in Scala, whose files declare several classes, objects and
traits under any name, every import and package clause leads to types by their names.

A C# `using` names a namespace and a Swift module sees all of its files, so what ties two
files together is a type: a file that names `JsonReader` depends on the file that declares
it. Each file's specs are the types it declares and the capitalised names it uses (comments,
strings and import lines blanked; members after a `.` are not type names, nor C# methods
and properties). An edge goes to the file declaring a used name when at most a few files
declare it (C#'s partial classes: each part). A name many files declare says nothing about
which one is meant and makes no edge. Only the outermost declarations count: nested types
(`Result`, `State`, `Builder`) often share the names of the language's own types.

Every pattern here runs in time linear in the text, whatever it holds (a test feeds them a
1 MB line and unclosed strings).
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable

from .. import lazyre

__all__ = [
    "CONSTANT_LANGUAGES",
    "PACKAGE_LANGUAGES",
    "PROJECT_FILES",
    "TYPE_LANGUAGES",
    "Declared",
    "Projects",
    "type_specs",
]

TYPE_LANGUAGES = frozenset({"C#", "Swift"})
# Imports, and their own package's types.
PACKAGE_LANGUAGES = frozenset({"Java", "Kotlin", "Scala"})
# Imports, and the constants they name wherever declared: Ruby loads most files through one
# (`lib/rubocop.rb`, Rails' autoloader), so what ties a cop to `Base` is the name.
CONSTANT_LANGUAGES = frozenset({"Ruby"})
MOST_DECLARING = 3  # files declaring one name beyond which it makes no edge

# Comments and strings (C# verbatim strings, multi-line strings and text blocks; each
# alternative consumes a character one way only), blanked first; then, but in C#, import
# lines (Swift's `public import struct Foundation.Data` declares nothing).
_NOISE = lazyre.compile(
    r'//[^\n]*|/\*.*?\*/|"""(?:\\.|[^\\])*?"""|@"(?:[^"]|"")*"|"(?:\\.|[^"\\\n])*"'
    r"|'(?:\\.|[^'\\\n])'",
    re.S,
)
# Ruby's comments, strings and symbols (`:Foo` names no constant); `=begin` blocks. Each
# alternative opens with a character, so the engine skips ahead to the next candidate.
RUBY_NOISE = lazyre.compile(
    r'"(?:\\.|[^"\\\n])*"?|\'(?:\\.|[^\'\\\n])*\'?|#[^\n]*|=begin\b(?<=^=begin)(?:.*?^=end\b|.*)'
    r"|:(?<![\w:]:)[A-Z]\w*"
    # A regular expression's text (`assert_match(/Index Route/, body)`, `=~ /Foo/`,
    # `%r{Foo}`): after punctuation that starts an expression, so `a / b / c` stays code.
    # (Not after a keyword, `when /Foo/`: that alternative made the whole scan 4x slower.)
    r"|[(,=~!|&{\[;][ \t]*"
    r"/(?![ \t*=/])(?:\\.|\[(?:\\.|[^\]\\\n])*\]|[^/\\\n\[])+/"
    r"|%r(?:\{(?:\\.|[^}\\\n])*\}|\((?:\\.|[^)\\\n])*\)|\[(?:\\.|[^\]\\\n])*\]|!(?:\\.|[^!\\\n])*!)",
    re.S | re.M,
)
# `class A::B < C` and `module M`: the last name is what the file declares.
_RUBY_DECLARATION = lazyre.compile(
    r"(class|module)(?<![\w.:]class)(?<![\w.:]module)[ \t]+(?:[A-Z]\w*::)*([A-Z]\w*)"
)
# A constant named (not `\A` in a regular expression, a `$` or `@` variable), two letters
# or more: a fixture's `A` names nothing of the project's.
_RUBY_NAME = lazyre.compile(r"[A-Z](?<![\w.\\$@][A-Z])\w+")
_RUBY_QUALIFIED = lazyre.compile(r"::(?<=\w::)([A-Z]\w+)")  # `Style::Dir`: a project's, not Ruby's
# Ruby's own classes and modules (and the standard library's most used): a project's
# `Style::Dir` cop or `Ext::Range` refinement is not what `Dir.glob` or `Range.new` name.
# fmt: off
_RUBY_CORE_NAMES = """
Array Hash String Integer Float Symbol File Dir IO Time Date DateTime Set Struct Range Regexp
Proc Method Module Class Object Kernel Comparable Enumerable Enumerator Exception StandardError
ArgumentError RuntimeError NoMethodError NameError TypeError KeyError IndexError StopIteration
NotImplementedError ScriptError LoadError SystemExit Interrupt Errno Encoding Process Thread
Mutex Queue Signal ENV ARGV STDOUT STDERR STDIN Marshal ObjectSpace GC Math Random Rational
Complex BasicObject TrueClass FalseClass NilClass Numeric Pathname JSON YAML Psych URI Net
Logger StringIO Tempfile FileUtils OpenStruct Digest Base64 ERB Benchmark Timeout Etc Open3
Shellwords SecureRandom Fiber Data Ractor Warning Gem Bundler RSpec Minitest Rake Comparable
"""
# fmt: on
RUBY_CORE = frozenset(_RUBY_CORE_NAMES.split())
# A heredoc's opening (`<<~RUBY`, `<<-'SQL'`): its text, up to the line holding its name
# alone, is a string (a spec's code samples declare classes of their own).
# (Not a shift: `1<<BITS`, `x<<y`.)
_HEREDOC = lazyre.compile(r"<<(?<![\w)\]}]<<)[~-]?(['\"`]?)([A-Za-z_]\w*)\1")
_IMPORT_LINE = lazyre.compile(r"^[ \t]*(?:@?\w+[ \t]+){0,3}?import\b[^\n]*", re.M)
# The declaring words of each language; Swift's `extension` only marks a level (what it
# holds is nested), as does a Kotlin `object` inside a class (`companion object`).
_KEYWORDS = {
    "C#": "class|struct|interface|enum|record",
    "Swift": "class|struct|protocol|enum|actor|typealias|extension",
    "Java": "class|interface|enum|record",
    "Kotlin": "class|interface|object|typealias",
    "Scala": "class|trait|object|enum",
}


# A declaring word and the name after it; not after a name or a `.` (`xclass Foo`,
# `Foo.class Bar` are no declarations). Each pattern opens with its words or letters and
# looks behind afterwards: the engine then skips ahead to the next candidate at C speed.
def _words(words: str) -> str:
    return "|".join(rf"{w}(?<![\w.]{w})" for w in words.split("|"))


_DECLARATION = {
    lang: lazyre.compile(rf"({_words(words)})[ \t]+([A-Z]\w*)") for lang, words in _KEYWORDS.items()
}
# Kotlin names a class in backticks as it pleases (`` internal class `-Utf8Reader` ``, a
# name Java cannot call, so it stays Kotlin's own); the name is what the backticks hold.
# Used, such a name stands where a type does: not after a `.` (a member), not spelt in
# lower case or with blanks (a test's `` fun `reads a value`() ``, Mockito's `` `when` ``).
_DECLARATION["Kotlin"] = lazyre.compile(
    rf"({_words(_KEYWORDS['Kotlin'])})[ \t]+([A-Z]\w*|`[^`\n,]+`)"
)
_KOTLIN_QUOTED = lazyre.compile(r"`(?<![\w.]`)([^`\sa-z,][^`\s,]*)`")
_BACKTICKS = lazyre.compile(r"`[^`\n]*`")
_DELEGATE = lazyre.compile(
    r"delegate(?<![\w.]delegate)[ \t]+[^\n(;]{1,120}?[ \t]([A-Z]\w*)[ \t]*[<(]"
)
_LINE_START = 240  # characters looked back for a declaration's line start
_HEADER = 2000  # characters looked ahead for a declaration's body (its `{`)
_NAME = lazyre.compile(r"(?<![\w.])[A-Z]\w*")
# C# writes methods and properties in capitals too (`Name = x`, `Name { get; }`, `Run()`):
# there a name counts where only a type stands: before a variable's name (`Formatting
# formatting`), type arguments, `[]`, `?` or a static member (`JsonConvert.Serialize`);
# after `new`, `is`, `as`, `typeof(` or a base-type colon. `[Name]` at a line's start is the
# attribute class NameAttribute.
_CS_TYPE = lazyre.compile(r"[A-Z](?<![\w.][A-Z])\w*(?=[<>\[.?]|[ \t]+[A-Za-z_@])")
_CS_AFTER = lazyre.compile(
    rf"(?:{_words('new|is|as')})[ \t]+([A-Z]\w*)|(?:typeof\(|:)[ \t]*([A-Z]\w*)"
)
_PACKAGE = lazyre.compile(r"^[ \t]*package[ \t]+([\w.]+)", re.M)
# Scala's package clauses, at the file's start: `package a.b` then `package c` puts it in
# a.b.c and lets it see a.b's members too; `package object c` holds members of the
# package's c, and a packaging `package a.b {` is the last clause.
_SCALA_STATEMENT = lazyre.compile(r"[^\s;][^\n;]*")
_SCALA_PACKAGE = lazyre.compile(r"package[ \t]+(object[ \t]+)?([\w.]+)[ \t]*(\{)?")
_SCALA_CLAUSES = 16  # package clauses read at most (a file has a few)
# A Scala import statement, to its line's end or across the lines of its `{...}`
# selectors: `import a.b.{C, D => E}, f.g._` (selectors of a few thousand characters at
# most: an unclosed brace is not read to the file's end at each import after it).
_SCALA_IMPORT = lazyre.compile(r"^[ \t]*import[ \t]+([^\n{]*(?:\{[^}]{0,4000}\}[^\n{]*)*)", re.M)
_SCALA_CLAUSE = lazyre.compile(r"([^,{]+)(?:\{([^}]*)\})?")
_SCALA_PATH = lazyre.compile(r"\w+(?:\.\w+)*")
_SCALA_WILDCARDS = frozenset({"_", "*", "given"})
# A Kotlin file's top-level functions and properties (not private: no other file imports
# those), at the margin: `fun String.asName()`, `const val STRING`, `fun <T> of()`.
_KOTLIN_TOP = lazyre.compile(
    r"^(?:(?:@[\w.:]+(?:\([^()\n]*\))?|public|internal|inline|suspend|infix|operator"
    r"|tailrec|external|actual|expect|const|lateinit)[ \t]+)*"
    r"(?:fun|val|var)[ \t]+(?:<[^>\n]*>[ \t]*)?(?:([\w.<>?, *]{1,200}?)\.)?"
    r"(\w+)(?=[ \t]*[(:=<]|[ \t]*$)",
    re.M,
)
# What a Kotlin file may take from its own package's top-level functions and properties
# without an import: a lower-case name used bare (`shouldRetry(e)`, `logger.info`), or
# called after a `.` (an extension: `logger.traceStep(...)`). Less the names it declares itself,
# at any level (a local `val`, a member `fun`, a parameter `client:`, a lambda's `x ->`):
# there the bare name is its own.
# (A capitalised name counts where it is called, `String(codePoints)`, or is in capitals, a
# constant: as a type it names a class.)
_KOTLIN_BARE = lazyre.compile(
    r"[a-z_](?<![\w.$@][a-z_])\w*"
    r"|[A-Z](?<![\w.$@][A-Z])(?:[A-Z0-9_]+\b|\w*(?=[ \t]*\())"
)
_KOTLIN_DOTTED = lazyre.compile(r"\.[ \t]*([a-z_]\w*)(?=[ \t]*[({])")
_KOTLIN_OWN = lazyre.compile(
    r"(?:val|var|fun)(?<![\w.]val)(?<![\w.]var)(?<![\w.]fun)[ \t]+(?:<[^>\n]*>[ \t]*)?([a-z_]\w*)"
    r"|([a-z_](?<![\w.$@][a-z_])\w*)[ \t]*(?::(?!:)|->)"
)
_ATTRIBUTE = lazyre.compile(r"^[ \t]*\[(?:\w+:[ \t]*)?([A-Z]\w*)", re.M)


def type_specs(text: str, language: str) -> list[list[str]]:
    """``[["declares", "A,B"], ["names", "C,D"]]``: the outermost types `text` declares, and
    the other capitalised names it uses as types; Java and Kotlin add ``["package", "a.b"]``
    when the file names its package."""
    if language in CONSTANT_LANGUAGES:
        return _ruby_specs(text)
    code = _NOISE.sub(" ", text)
    imports: list[list[str]] = []
    if language == "Scala":  # (read here: comments and strings are blank)
        imports, code = _scala_imports(code)
    elif language != "C#" and "import" in code:
        code = _IMPORT_LINE.sub(" ", code)
    package = _PACKAGE.search(code) if language in ("Java", "Kotlin") else None
    found: list[tuple[int, str, str]] = []  # (indentation, word, name)
    headers: list[int] = []  # where each declaration's header starts (after its name)
    for m in _DECLARATION[language].finditer(code):
        # The indentation of the line it stands on; a declaration far from its line's start
        # (a very long line) is neither outer nor nested: its level is not known.
        pos = m.start()
        start = code.rfind("\n", max(0, pos - _LINE_START), pos) + 1
        if start == 0 and pos >= _LINE_START:
            continue
        head = code[start:pos]
        name = m.group(2).strip("`")
        found.append((len(head) - len(head.lstrip(" \t")), m.group(1), name))
        headers.append(m.end())
    if language == "C#":  # a delegate is a type of its own, at whatever level
        found.extend((-1, "delegate", name) for name in _DELEGATE.findall(code))
    outer = min((depth for depth, _, _ in found if depth >= 0), default=0)
    declared = {n for depth, word, n in found if depth <= outer and word != "extension"}
    nested = {n for depth, word, n in found if depth > outer and word != "extension"}
    if language == "Java" and nested:
        # A member type is in scope in its class's body only: the `extends`/`implements`
        # of the class around it names the package's or an import's type of that name.
        for (depth, _, _), start in zip(found, headers, strict=True):
            brace = code.find("{", start, start + _HEADER) if depth <= outer else -1
            if brace > 0:
                nested.difference_update(_NAME.findall(code, start, brace))
    if language == "C#":
        used = set(_CS_TYPE.findall(code))
        used.update(a or b for a, b in _CS_AFTER.findall(code))
        used.update(
            a if a.endswith("Attribute") else a + "Attribute" for a in _ATTRIBUTE.findall(code)
        )
    else:
        quoted: list[str] = []
        if language == "Kotlin" and "`" in code:  # (`-Utf8Reader` holds no `Utf8Reader`)
            quoted = _KOTLIN_QUOTED.findall(code)
            code = _BACKTICKS.sub(" ", code)
        used = set(_NAME.findall(code)).union(quoted)
    used -= declared | nested
    specs = [["declares", ",".join(sorted(declared))], ["names", ",".join(sorted(used))]]
    if package:
        specs.append(["package", package.group(1)])
    if language == "Scala":
        specs = imports + specs + _scala_packages(code)
    if language == "Kotlin":
        specs.extend(_kotlin_members(code))
    return specs


def _scala_imports(code: str) -> tuple[list[list[str]], str]:
    """``[["module", "a.b.C"], ["module", "a.b.*"], ["renamed", "E"]]``: one per name a
    Scala file imports (a renamed one by its own name, its new names at the end; `_`, `*`
    and `given` take the whole of what is before them), and the code with its import
    statements blank: what they name is not used."""
    if "import" not in code:
        return [], code
    out: list[list[str]] = []

    def read(m: re.Match[str]) -> str:
        for clause in _SCALA_CLAUSE.finditer(m.group(1)):
            head = clause.group(1).replace("`", "").strip().rstrip(".").strip()
            if clause.group(2) is None:  # `a.b.C`, `a.b._`, Scala 3's `a.b.C as D`
                head = head.split()[0] if head else ""
                head, _, last = head.rpartition(".")
                selectors = [last]
            else:
                selectors = [s.replace("`", "").strip() for s in clause.group(2).split(",")]
            if not _SCALA_PATH.fullmatch(head):
                continue
            for selector in selectors:
                words = selector.replace("=>", " ").replace(" as ", " ").split()
                if not words or (len(words) > 1 and (words[-1] == "_" or words[0] == "given")):
                    continue  # a name hidden (`C => _`), or givens of one type
                name = words[0]
                name = "*" if name in _SCALA_WILDCARDS else name
                if name == "*" or _SCALA_PATH.fullmatch(name):
                    out.append(["module", f"{head}.{name}"])
                    if len(words) > 1:
                        renamed.add(words[-1])
        return " "

    renamed: set[str] = set()
    code = _SCALA_IMPORT.sub(read, code)
    if renamed:
        out.append(["renamed", ",".join(sorted(renamed))])
    return out, code


def _scala_packages(code: str) -> list[list[str]]:
    """``[["package", "a.b.c"], ["enclosing", "a.b"]]``: the package a Scala file's clauses
    put it in, and the ones around it whose members it sees too, innermost first."""
    chain: list[str] = []
    for m in _SCALA_STATEMENT.finditer(code):
        statement = m.group(0).strip()
        clause = _SCALA_PACKAGE.match(statement)
        if clause is None:
            break
        # (`package object c extends B {` and `package c { class D }` are clauses too)
        last = bool(clause.group(1) or clause.group(3))
        if not last and clause.end() < len(statement):
            break
        chain.append(clause.group(2))
        if last or len(chain) == _SCALA_CLAUSES:
            break
    if not chain:
        return []
    specs = [["package", ".".join(chain)]]
    if len(chain) > 1:
        outer = (".".join(chain[:i]) for i in range(len(chain) - 1, 0, -1))
        specs.append(["enclosing", ",".join(outer)])
    return specs


def _kotlin_members(code: str) -> list[list[str]]:
    """``[["toplevel", "a,b"], ["extensions", "b"], ["bare", "c"], ["dotted", "d"]]``: the
    top-level functions and properties a Kotlin file declares (those with a receiver type
    besides), and the names it uses bare and calls after a `.` (`_KOTLIN_BARE`)."""
    found = _KOTLIN_TOP.findall(code)
    out = []
    if found:
        out.append(["toplevel", ",".join(sorted({name for _, name in found}))])
        if extensions := sorted({name for receiver, name in found if receiver}):
            out.append(["extensions", ",".join(extensions)])
    own = {a or b for a, b in _KOTLIN_OWN.findall(code)}
    if bare := sorted(set(_KOTLIN_BARE.findall(code)) - own - _KOTLIN_WORDS):
        out.append(["bare", ",".join(bare)])
    if dotted := sorted(set(_KOTLIN_DOTTED.findall(code)) - _KOTLIN_MEMBERS):
        out.append(["dotted", ",".join(dotted)])
    return out


# Members most types have, and operators: `x.invoke()` is rarely a package's extension of x.
_KOTLIN_MEMBER_NAMES = """
invoke get set contains iterator next hasNext plus minus times div rem compareTo
    equals hashCode toString close use let also apply run takeIf map filter forEach first
    last size isEmpty isNotEmpty indexOf add remove clear put copy component1 component2
    execute start stop cancel"""
_KOTLIN_MEMBERS = frozenset(_KOTLIN_MEMBER_NAMES.split())
# Kotlin's keywords and the standard library's most used functions: no file declares them.
_KOTLIN_WORD_NAMES = """
as break class continue do else false for fun if in interface is null object package
    return super this throw true try typealias typeof val var when while by catch constructor
    delegate dynamic field file finally get import init param property receiver set setparam
    value where actual abstract annotation companion const crossinline data enum expect
    external final infix inline inner internal lateinit noinline open operator out override
    private protected public reified sealed suspend tailrec vararg it let run apply also with
    require check error println print listOf mapOf setOf mutableListOf mutableMapOf
    arrayOf emptyList emptyMap lazy repeat assert"""
_KOTLIN_WORDS = frozenset(_KOTLIN_WORD_NAMES.split())


def _ruby_specs(text: str) -> list[list[str]]:
    """Ruby: every class and module a file declares, at any depth; the modules it opens
    around deeper declarations (`Declared` drops a name several files open as a namespace,
    `module RuboCop`); and the constants it names."""
    code = RUBY_NOISE.sub(" ", without_heredocs(text))
    found: list[tuple[int, str, str]] = []
    for m in _RUBY_DECLARATION.finditer(code):
        start = code.rfind("\n", 0, m.start()) + 1
        found.append((m.start() - start, m.group(1), m.group(2)))
    # A module that opens deeper declarations is a namespace (`module RSpec` around a
    # project's helpers): that name belongs to many, and to other projects.
    opens = {  # namespaces: modules around deeper declarations
        name
        for i, (depth, word, name) in enumerate(found)
        if word == "module" and i + 1 < len(found) and found[i + 1][0] > depth
    }
    declared = {name for _, _, name in found}
    used = (set(_RUBY_NAME.findall(code)) - RUBY_CORE) | set(_RUBY_QUALIFIED.findall(code))
    used -= declared
    return [
        ["declares", ",".join(sorted(declared))],
        ["names", ",".join(sorted(used))],
        ["opens", ",".join(sorted(opens))],
    ]


def without_heredocs(text: str) -> str:
    """`text` with each heredoc's lines blank: an opener (not in a comment) counts when a
    line holding its name alone comes after it; several on one line end in their order."""
    if "<<" not in text:
        return text
    lines = text.split("\n")
    ends: dict[str, list[int]] = defaultdict(list)  # a name alone on a line -> its lines
    for i, line in enumerate(lines):
        word = line.strip()
        if word and (word[0].isalpha() or word[0] == "_") and word.isidentifier():
            ends[word].append(i)
    i = 0
    while i < len(lines):
        line = lines[i]
        code = line.split("#", 1)[0] if "#" in line else line  # an example in a comment
        last = i
        if "<<" in code:
            openers = list(_HEREDOC.finditer(code))
            lines[i] = _HEREDOC.sub("<<", code)  # the name is no constant
            for m in openers:
                after = ends.get(m.group(2), ())
                k = bisect.bisect_right(after, last)
                if k < len(after):
                    for j in range(last + 1, after[k] + 1):
                        lines[j] = ""
                    last = after[k]
        i = last + 1
    return "\n".join(lines)


def _closest(where: list[str], here: str) -> list[str]:
    """Of the files declaring one name, those on the load path (a `lib/` folder), if any;
    of those, the ones sharing the most folders with `here`: `Drops::Drop` in
    `lib/app/utils.rb` is `lib/app/drops/drop.rb`, not a benchmark script's `class Drop`."""
    where = [p for p in where if p.startswith("lib/") or "/lib/" in p] or where

    near = {p: shared_folders(p, here) for p in where}
    most = max(near.values())
    return [p for p in where if near[p] == most]


class Declared:
    """Which files of one language declare each type name (and each file's package)."""

    def __init__(self, specs: Iterable[tuple[str, list[list[str]]]]) -> None:
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.package: dict[str, str] = {}
        self.enclosing: dict[str, list[str]] = {}  # path -> outer packages it sees (Scala)
        # (package, name) -> the files declaring a top-level function or property (Kotlin)
        self.members: dict[tuple[str, str], list[str]] = defaultdict(list)
        tops: list[tuple[str, str]] = []
        opened: Counter[str] = Counter()
        self.extensions: set[tuple[str, str]] = set()  # (path, name): has a receiver type
        for path, found in specs:
            for kind, names in found:
                if kind == "declares" and names:
                    for name in names.split(","):
                        self.by_name[name].append(path)
                elif kind == "package":
                    self.package[path] = names
                elif kind == "enclosing":
                    self.enclosing[path] = names.split(",")
                elif kind == "toplevel":
                    tops.append((path, names))
                elif kind == "extensions" and names:
                    self.extensions.update((path, n) for n in names.split(","))
                elif kind == "opens" and names:
                    opened.update(names.split(","))
        # A name files open as a namespace (Ruby's `module RuboCop` around their classes)
        # makes no edge, even to a file that only adds to it (`Token = AST::Token`); one
        # file's module around a nested class (a Rails concern's ClassMethods) is declared.
        self.namespaces = {n for n, c in opened.items() if c > 1}
        for path, names in tops:
            if path.endswith(".kts"):
                continue  # (a script's declarations are its own: no other file sees them)
            for name in names.split(","):
                self.members[(self._package(path), name)].append(path)

    def imported_members(self, found: list[list[str]]) -> Iterable[str]:
        """The files of package a.b declaring what `found` imports from it by name: Kotlin's
        `import a.b.asName` (a top-level function or property) or `import a.b.Data` (a
        class in a file of another name): any file of the package may declare either."""
        for kind, name in found:
            if kind == "module":
                package, _, last = name.rpartition(".")
                where = self.members.get((package, last), [])
                if not where and last[:1].isupper():
                    where = [p for p in self.by_name.get(last, ()) if self._package(p) == package]
                if len(where) <= MOST_DECLARING:
                    yield from where

    def package_members(self, path: str, found: list[list[str]]) -> Iterable[str]:
        """The other files of `path`'s own package declaring a top-level function or
        property it uses without an import: a name used bare that is not an extension, a
        name called after a `.` that is one (`logger.traceStep {}`), as Go's names of the
        package are. Less what it imports by that name: the import is what is meant."""
        if not self.members:
            return
        mine = self._package(path)
        imported = {n.rpartition(".")[2] for kind, n in found if kind == "module"}
        for kind, names in found:
            if kind not in ("bare", "dotted") or not names:
                continue
            extension = kind == "dotted"
            for name in names.split(","):
                where = self.members.get((mine, name))
                if not where or name in imported:
                    continue
                where = [p for p in where if ((p, name) in self.extensions) == extension]
                if len(where) <= MOST_DECLARING:
                    yield from (p for p in where if p != path)

    def on_demand_targets(self, path: str, found: list[list[str]]) -> Iterable[str]:
        """Java and Kotlin: for each name used that is neither imported one by one nor
        declared in the file's own package (which the compiler looks up first), the files
        declaring it in a package imported whole (`import a.b.*`): a Kotlin top-level
        function or property too. A package imported whole names no file of its own."""
        whole = [  # (Kotlin's import reads `a.b.*` as `a.b.`)
            package
            for kind, n in found
            if kind == "module"
            and n.endswith((".*", "."))
            and (package := n.rstrip("*").rstrip("."))
            and not any(p[:1].isupper() for p in package.split("."))
        ]
        if not whole:
            return
        mine = self._package(path)
        imported = {n.rpartition(".")[2] for kind, n in found if kind == "module"}
        for kind, names in found:
            if kind not in ("names", "bare") or not names:
                continue
            for name in names.split(","):
                if name in imported or name in self.namespaces:
                    continue
                if self._declaring(mine, name) or (mine, name) in self.members:
                    continue
                for package in whole:
                    where = (
                        self._declaring(package, name)
                        if kind == "names"
                        else [
                            p
                            for p in self.members.get((package, name), ())
                            if (p, name) not in self.extensions
                        ]
                    )
                    if where:
                        if len(where) <= MOST_DECLARING:
                            yield from (p for p in where if p != path)
                        break

    def scoped_targets(self, path: str, found: list[list[str]]) -> Iterable[str]:
        """Scala: the files of package a.b declaring what `found` imports from it by name
        (`import a.b.C`, `a.b.C._`, `a.b.C.member`: the first capitalised name is the type
        or object); and for each name it uses that it does not import so, the files
        declaring it in the first of these packages that does, as the compiler looks
        names up: each it imports whole (`a.b._`), its own, then those around it
        (`_scala_packages`). An import naming no package (`import Foo._`) is relative:
        its first name is looked up as a name used."""
        explicit: set[str] = set()
        whole: list[str] = []
        used: set[str] = set()
        for kind, names in found:
            if kind == "names" and names:
                used.update(names.split(","))
            elif kind == "renamed":  # (`import a.{B => C}`: C is a.B, whatever else is C)
                explicit.update(names.split(","))
            if kind != "module":
                continue
            parts = names.split(".")
            first = next((i for i, p in enumerate(parts) if p[:1].isupper()), -1)
            if first == -1:
                if parts[-1] == "*":
                    whole.append(".".join(parts[:-1]))
            elif first == 0:
                used.add(parts[0])
            else:
                if parts[-1] != "*":
                    explicit.add(parts[-1])
                where = self._declaring(".".join(parts[:first]), parts[first])
                if len(where) <= MOST_DECLARING:
                    yield from (p for p in where if p != path)
        packages = [*whole, self._package(path), *self.enclosing.get(path, ())]
        for name in used - explicit - self.namespaces:
            for package in packages:
                where = self._declaring(package, name)
                if where:
                    if len(where) <= MOST_DECLARING:
                        yield from (p for p in where if p != path)
                    break

    def _declaring(self, package: str, name: str) -> list[str]:
        """The files of `package` declaring `name`."""
        return [p for p in self.by_name.get(name, ()) if self._package(p) == package]

    def _imported_types(self, found: list[list[str]]) -> set[str]:
        """The names `found` imports one by one (`import a.b.Dispatcher`): each hides a
        class of that name in the file's own package, as the compiler reads it; but for a
        Kotlin function of the package imported from (a factory `fun Record()`
        that names no type)."""
        out = set()
        for kind, name in found:
            if kind != "module":
                continue
            package, _, last = name.rpartition(".")
            if (package, last) in self.members and not any(
                self._package(p) == package for p in self.by_name.get(last, ())
            ):
                continue
            out.add(last)
        return out

    def _package(self, path: str) -> str:
        # A file that names no package is in its folder's.
        return self.package.get(path) or "/" + posixpath.dirname(path)

    def targets(
        self,
        path: str,
        found: list[list[str]],
        same_package: bool = False,
        nearest: bool = False,
        sees: Callable[[str, str], bool] | None = None,
    ) -> Iterable[str]:
        """The files declaring the names `found` uses (`same_package`: only those of
        `path`'s own package, which may span folders: main and test source sets; `nearest`:
        a name many files declare is the one declared in the deepest folder above `path`,
        as Ruby looks a constant up through the namespaces around it, which its loaders
        lay out as folders: `Base` in `lib/x/cop/style/dir.rb` is `lib/x/cop/base.rb`;
        `sees(path, other)`: whether `path`'s code can see what `other` declares, as a C#
        project sees its own files and the projects it references)."""
        mine = self._package(path) if same_package else ""
        here = posixpath.dirname(path) + "/"
        imported = self._imported_types(found) if same_package else set()
        for kind, names in found:
            if kind != "names" or not names:
                continue
            for name in names.split(","):
                if name in self.namespaces or name in imported:
                    continue
                where = self.by_name.get(name)
                if where and sees is not None:
                    where = [p for p in where if sees(path, p)]
                if where and same_package:
                    where = [p for p in where if self._package(p) == mine]
                if where and nearest and len(where) > 1:
                    above = [p for p in where if here.startswith(posixpath.dirname(p) + "/")]
                    if above:
                        yield max(above, key=lambda p: (p.count("/"), p))
                        continue
                    where = _closest(where, here)
                if where and len(where) <= MOST_DECLARING:
                    yield from (p for p in where if p != path)


def shared_folders(a: str, b: str) -> int:
    """How many leading folders paths `a` and `b` share."""
    n = 0
    for x, y in zip(a.split("/")[:-1], b.split("/")[:-1], strict=False):
        if x != y:
            break
        n += 1
    return n


# A C# project's references to others: `<ProjectReference Include="..\\Core\\Core.csproj" />`,
# and a package this repository builds (`<PackageReference Include="Polly.Core" />` in a
# sample: the project of that name).
_REFERENCE = lazyre.compile(
    r"<(Project|Package)Reference\b[^>]*?\bInclude\s*=\s*[\"']([^\"']+)[\"']", re.I
)
_THIS_FOLDER = lazyre.compile(r"\$\(MSBuild(?:ThisFileDirectory|ProjectDirectory)\)[\\/]?", re.I)
PROJECT_FILES = (".csproj", ".fsproj", ".vbproj")
_SHARED_SETTINGS = frozenset({"directory.build.props", "directory.build.targets"})


class Projects:
    """The .NET projects of a repository: which folder each project file stands in and the
    projects it references (and theirs). A C# file's code sees the types of its own project
    and of those; a file in no project's folder (sources several projects compile in)
    is seen by all. Without it, a library's file was tied to a test project's namesake
    helper, and a property named `Context` to another project's `Context` class.

    `texts`: the project files' text, and `Directory.Build.props`/`.targets` files', whose
    references every project below them takes."""

    def __init__(self, texts: dict[str, str]) -> None:
        self.folders: set[str] = set()  # the folders project files stand in
        named: dict[str, str] = {}  # a project's name -> its folder
        for path in sorted(texts):
            name = posixpath.basename(path)
            if name.lower().endswith(PROJECT_FILES):
                folder = posixpath.dirname(path)
                self.folders.add(folder)
                named.setdefault(name.rpartition(".")[0].lower(), folder)
        # (Windows paths: a reference's case need not be the folder's)
        by_case = {folder.lower(): folder for folder in self.folders}
        refs: dict[str, set[str]] = defaultdict(set)  # folder -> the folders it references
        # A project with a reference that names no project here (`$(RepoRoot)src\...`, a
        # folder outside the repository) may see anything: it is not narrowed.
        self.open: set[str] = set()
        shared: list[tuple[str, set[str], bool]] = []  # a Directory.Build file's references
        for path, text in texts.items():
            folder = posixpath.dirname(path)
            found, unknown = set(), False
            for kind, targets in _REFERENCE.findall(text):
                for target in filter(None, (t.strip() for t in targets.split(";"))):
                    if kind.lower() == "package":
                        if target.lower() in named:
                            found.add(named[target.lower()])
                        continue
                    target = _THIS_FOLDER.sub("", target).replace("\\", "/")
                    where = posixpath.dirname(posixpath.normpath(posixpath.join(folder, target)))
                    if "$(" in target or where.lower() not in by_case:
                        unknown = True
                    else:
                        found.add(by_case[where.lower()])
            if posixpath.basename(path).lower() in _SHARED_SETTINGS:
                shared.append((folder, found, unknown))
            else:
                refs[folder] |= found
                if unknown:
                    self.open.add(folder)
        for top, found, unknown in shared:
            for folder in self.folders:
                if not top or folder == top or folder.startswith(top + "/"):
                    refs[folder] |= found - {folder}
                    if unknown:
                        self.open.add(folder)
        self.reach: dict[str, set[str]] = {}
        for folder in self.folders:
            seen, todo = {folder}, [folder]
            while todo:
                here = todo.pop()
                if here in self.open:
                    self.open.add(folder)  # (what it reaches may see anything: so may it)
                for ref in refs.get(here, ()):
                    if ref not in seen:
                        seen.add(ref)
                        todo.append(ref)
            self.reach[folder] = seen
        self._of: dict[str, str | None] = {}

    @staticmethod
    def wants(path: str) -> bool:
        """Whether `path` is a file whose text `Projects` reads."""
        name = posixpath.basename(path).lower()
        return name.endswith(PROJECT_FILES) or name in _SHARED_SETTINGS

    def project(self, path: str) -> str | None:
        """The folder of the project `path` belongs to (the nearest one above it)."""
        if path not in self._of:
            folder = posixpath.dirname(path)
            while folder not in self.folders and folder:
                folder = posixpath.dirname(folder)
            self._of[path] = folder if folder in self.folders else None
        return self._of[path]

    def sees(self, path: str, other: str) -> bool:
        mine, theirs = self.project(path), self.project(other)
        if mine is None or theirs is None or mine in self.open:
            return True
        return theirs in self.reach[mine]
