"""What a file is: its language (by pygments' file-name table) and its role in the project."""

from __future__ import annotations

import fnmatch
import re
from functools import lru_cache

__all__ = ["ROLES", "detect_language", "detect_role", "is_code"]

# Every role a file may have; "symlink" and "submodule" are given by discovery, not here.
ROLES = ("source", "test", "example", "docs", "config", "build", "data", "symlink", "submodule")

# Names pygments maps ambiguously (several lexers claim `*.h`) or not in the way people speak.
_PREFERRED = {
    ".h": "C",
    ".c": "C",
    ".cc": "C++",
    ".cpp": "C++",
    ".cxx": "C++",
    ".hpp": "C++",
    ".hh": "C++",
    ".hxx": "C++",
    ".py": "Python",
    ".pyi": "Python",
    ".pyw": "Python",
    ".js": "JavaScript",
    ".mjs": "JavaScript",
    ".cjs": "JavaScript",
    ".jsx": "JSX",
    ".ts": "TypeScript",
    ".mts": "TypeScript",
    ".cts": "TypeScript",
    ".tsx": "TSX",
    ".svelte": "Svelte",
    ".mm": "Objective-C",
    ".md": "Markdown",
    ".markdown": "Markdown",
    ".rst": "reStructuredText",
    ".txt": "Text",
    ".json": "JSON",
    ".yaml": "YAML",
    ".yml": "YAML",
    ".toml": "TOML",
    ".rs": "Rust",
    ".go": "Go",
    ".java": "Java",
    ".kt": "Kotlin",
    ".rb": "Ruby",
    ".php": "PHP",
    ".cs": "C#",
    ".swift": "Swift",
    ".sh": "Bash",
    ".bash": "Bash",
    ".zsh": "Bash",
    ".html": "HTML",
    ".htm": "HTML",
    ".css": "CSS",
    ".scss": "SCSS",
    ".sql": "SQL",
    ".xml": "XML",
    ".svg": "SVG",
    ".m": "Objective-C",
    ".ini": "INI",
    ".cfg": "INI",
    ".vue": "Vue",
    ".lua": "Lua",
    ".scala": "Scala",
    ".ex": "Elixir",
    ".exs": "Elixir",
    ".erl": "Erlang",
    ".hs": "Haskell",
    ".ml": "OCaml",
    ".r": "R",
    ".jl": "Julia",
    ".dart": "Dart",
    ".zig": "Zig",
    ".nim": "Nim",
    ".csv": "CSV",
    ".tsv": "TSV",
    ".proto": "Protocol Buffer",
    ".tf": "Terraform",
    ".ps1": "PowerShell",
    ".bat": "Batchfile",
    ".cmake": "CMake",
    ".mk": "Makefile",
}
_NAMES = {
    "Makefile": "Makefile",
    "GNUmakefile": "Makefile",
    "Dockerfile": "Docker",
    "CMakeLists.txt": "CMake",
    "Jenkinsfile": "Groovy",
    "Vagrantfile": "Ruby",
    "Gemfile": "Ruby",
    "Rakefile": "Ruby",
    ".gitignore": "Text",
    ".repoviewignore": "Text",
}

_PROGRAMMING = frozenset(
    {
        "Python",
        "JavaScript",
        "JSX",
        "TypeScript",
        "TSX",
        "Rust",
        "Go",
        "Java",
        "Kotlin",
        "C",
        "C++",
        "C#",
        "Ruby",
        "PHP",
        "Swift",
        "Bash",
        "Objective-C",
        "Vue",
        "Lua",
        "Scala",
        "Elixir",
        "Erlang",
        "Haskell",
        "OCaml",
        "R",
        "Julia",
        "Dart",
        "Zig",
        "Nim",
        "SQL",
        "PowerShell",
        "Batchfile",
        "Perl",
        "Groovy",
        "Clojure",
        "F#",
        "Fortran",
        "Pascal",
        "Assembly",
        "GAS",
        "Tcl",
        "Cython",
        "HTML",
        "CSS",
        "SCSS",
        "Svelte",
    }
)
_DOC_LANGS = frozenset({"Markdown", "reStructuredText", "Text", "AsciiDoc", "TeX", "Groff"})
_CONFIG_LANGS = frozenset({"YAML", "TOML", "INI", "Properties", "Nginx configuration file"})
_DATA_LANGS = frozenset({"CSV", "TSV", "XML", "SVG", "JSON"})
_BUILD_NAMES = frozenset(
    {
        "Makefile",
        "GNUmakefile",
        "CMakeLists.txt",
        "Dockerfile",
        "setup.py",
        "setup.cfg",
        "pyproject.toml",
        "package.json",
        "Cargo.toml",
        "go.mod",
        "build.gradle",
        "build.gradle.kts",
        "settings.gradle",
        "pom.xml",
        "meson.build",
        "BUILD",
        "BUILD.bazel",
        "WORKSPACE",
        "Jenkinsfile",
        "tox.ini",
        "noxfile.py",
        "build.rs",
        "Justfile",
        "Taskfile.yml",
        "action.yml",
        ".gitlab-ci.yml",
        "Gemfile",
        "Rakefile",
        "configure.ac",
    }
)
_DOC_NAMES = (
    "readme",
    "license",
    "licence",
    "changelog",
    "changes",
    "contributing",
    "authors",
    "copying",
    "notice",
    "history",
    "news",
    "security",
    "code_of_conduct",
)
_TEST_DIRS = frozenset({"test", "tests", "testing", "__tests__", "spec", "specs", "testdata"})
_DOC_DIRS = frozenset({"doc", "docs", "documentation", "man"})
_BUILD_DIRS = frozenset({".github", ".gitlab", ".circleci", ".ci", "ci", "scripts", "tools"})
_EXAMPLE_DIRS = frozenset(
    {
        "example",
        "examples",
        "samples",
        "sample",
        "demo",
        "demos",
        "tutorial",
        "tutorials",
        "cookbook",
    }
)
_BUILD_TEXT = ("requirements", "constraints")  # requirements*.txt: what the build installs
# Markup and styling are text a planner should carry whole or list, never outline.
_NOT_CODE = frozenset({"HTML", "CSS", "SCSS"})
# A definition at the start of a line: a file named config.py that holds one is source.
_DEFINITION = re.compile(
    r"^[ \t]*(?:(?:export|pub(?:\([^)]*\))?|public|private|static|async|default)[ \t]+)*"
    r"(?:def|class|function|fn|func|interface|struct|enum|impl|trait)\b",
    re.M,
)


@lru_cache(maxsize=1)
def _pygments_tables() -> tuple[dict[str, str], dict[str, str], list[tuple[str, str]]]:
    from pygments.lexers._mapping import LEXERS

    by_ext: dict[str, str] = {}
    by_name: dict[str, str] = {}
    globs: list[tuple[str, str]] = []
    for _mod, name, _aliases, patterns, _mimes in LEXERS.values():
        for pat in patterns:
            if pat.startswith("*.") and not any(c in pat[2:] for c in "*?["):
                by_ext.setdefault(pat[1:].lower(), name)
            elif not any(c in pat for c in "*?["):
                by_name.setdefault(pat, name)
            else:
                globs.append((pat, name))
    return by_ext, by_name, globs


@lru_cache(maxsize=4096)
def detect_language(name: str) -> str:
    """The language of a file from its base name, as pygments names it; "Text" if unknown."""
    if name in _NAMES:
        return _NAMES[name]
    dot = name.rfind(".")
    ext = name[dot:].lower() if dot >= 0 else ""
    if ext in _PREFERRED:
        return _PREFERRED[ext]
    by_ext, by_name, globs = _pygments_tables()
    if name in by_name:
        return by_name[name]
    if ext and ext in by_ext:
        return by_ext[ext]
    for pat, lang in globs:
        if fnmatch.fnmatchcase(name, pat):
            return lang
    return "Text"


def is_code(language: str) -> bool:
    """Whether a file in `language` is program text worth an outline (not data, docs, SVG)."""
    return language in _PROGRAMMING and language not in _NOT_CODE


def detect_role(path: str, language: str, text: str | None = None) -> str:
    """The file's role: source, test, example, docs, config, build or data.

    The name decides first; `text`, when given, corrects what names get wrong: a
    `config.py` or `settings.ts` that defines functions or classes is source.
    """
    parts = path.split("/")
    name = parts[-1]
    lower = name.lower()
    dirs = {p.lower() for p in parts[:-1]}
    code = language in _PROGRAMMING
    if name in _BUILD_NAMES or (dirs & _BUILD_DIRS and (code or language in _CONFIG_LANGS)):
        return "build"
    if lower.startswith(_BUILD_TEXT) and lower.endswith((".txt", ".in")):
        return "build"
    if (
        dirs & _TEST_DIRS
        or lower.startswith("test_")
        or lower.endswith(("_test.py", "_test.go", "_spec.rb", "test.java", "tests.rs"))
        or ".test." in lower
        or ".spec." in lower
        or lower == "conftest.py"
    ):
        return "test"
    if dirs & _EXAMPLE_DIRS and (code or language in _CONFIG_LANGS):
        return "example"
    stem = lower.split(".", 1)[0]
    hidden = lower.startswith(".") or any(d.startswith(".") for d in dirs)
    if hidden and language in _CONFIG_LANGS | {"Text", "JSON"}:
        return "config"
    if language == "JSON" and (len(parts) == 1 or stem.endswith(("rc", "config", "tsconfig"))):
        return "config"
    if language in _DOC_LANGS or (stem in _DOC_NAMES and not code):
        return "docs"
    if dirs & _DOC_DIRS:
        # Code under a source folder's `doc/` module is source; the docs site's is docs.
        doc_at = min(i for i, d in enumerate(parts[:-1]) if d.lower() in _DOC_DIRS)
        if not (code and "src" in parts[:doc_at]):
            return "docs"
    if language in _CONFIG_LANGS or lower.startswith("."):
        return "config"
    if stem in {"config", "settings", "conf", "configuration"} and (
        not code or text is None or not _DEFINITION.search(text)
    ):
        return "config"
    if language in _DATA_LANGS:
        return "data"
    if code or language != "Text":
        return "source"
    return "data"
