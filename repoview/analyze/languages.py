"""What a file is: its language (by pygments' file-name table) and its role in the project."""

from __future__ import annotations

import fnmatch
from functools import lru_cache

__all__ = ["detect_language", "detect_role"]

# Names pygments maps ambiguously (several lexers claim `*.h`) or not in the way people speak.
_PREFERRED = {
    ".h": "C", ".c": "C", ".cc": "C++", ".cpp": "C++", ".cxx": "C++", ".hpp": "C++",
    ".hh": "C++", ".hxx": "C++", ".py": "Python", ".pyi": "Python", ".pyw": "Python",
    ".js": "JavaScript", ".mjs": "JavaScript", ".cjs": "JavaScript", ".jsx": "JSX",
    ".ts": "TypeScript", ".tsx": "TSX", ".md": "Markdown", ".markdown": "Markdown",
    ".rst": "reStructuredText", ".txt": "Text", ".json": "JSON", ".yaml": "YAML",
    ".yml": "YAML", ".toml": "TOML", ".rs": "Rust", ".go": "Go", ".java": "Java",
    ".kt": "Kotlin", ".rb": "Ruby", ".php": "PHP", ".cs": "C#", ".swift": "Swift",
    ".sh": "Bash", ".bash": "Bash", ".zsh": "Bash", ".html": "HTML", ".htm": "HTML",
    ".css": "CSS", ".scss": "SCSS", ".sql": "SQL", ".xml": "XML", ".svg": "SVG",
    ".m": "Objective-C", ".ini": "INI", ".cfg": "INI", ".vue": "Vue", ".lua": "Lua",
    ".scala": "Scala", ".ex": "Elixir", ".exs": "Elixir", ".erl": "Erlang", ".hs": "Haskell",
    ".ml": "OCaml", ".r": "R", ".jl": "Julia", ".dart": "Dart", ".zig": "Zig", ".nim": "Nim",
    ".csv": "CSV", ".tsv": "TSV", ".proto": "Protocol Buffer", ".tf": "Terraform",
    ".ps1": "PowerShell", ".bat": "Batchfile", ".cmake": "CMake", ".mk": "Makefile",
}  # fmt: skip
_NAMES = {
    "Makefile": "Makefile", "GNUmakefile": "Makefile", "Dockerfile": "Docker",
    "CMakeLists.txt": "CMake", "Jenkinsfile": "Groovy", "Vagrantfile": "Ruby",
    "Gemfile": "Ruby", "Rakefile": "Ruby", ".gitignore": "Text", ".repoviewignore": "Text",
}  # fmt: skip

_PROGRAMMING = frozenset(
    {
        "Python", "JavaScript", "JSX", "TypeScript", "TSX", "Rust", "Go", "Java", "Kotlin",
        "C", "C++", "C#", "Ruby", "PHP", "Swift", "Bash", "Objective-C", "Vue", "Lua",
        "Scala", "Elixir", "Erlang", "Haskell", "OCaml", "R", "Julia", "Dart", "Zig", "Nim",
        "SQL", "PowerShell", "Batchfile", "Perl", "Groovy", "Clojure", "F#", "Fortran",
        "Pascal", "Assembly", "GAS", "Tcl", "Cython", "HTML", "CSS", "SCSS", "Svelte",
    }
)  # fmt: skip
_DOC_LANGS = frozenset({"Markdown", "reStructuredText", "Text", "AsciiDoc", "TeX", "Groff"})
_CONFIG_LANGS = frozenset({"YAML", "TOML", "INI", "Properties", "Nginx configuration file"})
_DATA_LANGS = frozenset({"CSV", "TSV", "XML", "SVG", "JSON"})
_BUILD_NAMES = frozenset(
    {
        "Makefile", "GNUmakefile", "CMakeLists.txt", "Dockerfile", "setup.py", "setup.cfg",
        "pyproject.toml", "package.json", "Cargo.toml", "go.mod", "build.gradle",
        "build.gradle.kts", "settings.gradle", "pom.xml", "meson.build", "BUILD", "BUILD.bazel",
        "WORKSPACE", "Jenkinsfile", "tox.ini", "noxfile.py", "build.rs", "Justfile",
        "Taskfile.yml", "action.yml", ".gitlab-ci.yml", "Gemfile", "Rakefile", "configure.ac",
    }
)  # fmt: skip
_DOC_NAMES = ("readme", "license", "licence", "changelog", "changes", "contributing", "authors",
              "copying", "notice", "history", "news", "security", "code_of_conduct")  # fmt: skip
_TEST_DIRS = frozenset({"test", "tests", "testing", "__tests__", "spec", "specs", "testdata"})
_DOC_DIRS = frozenset({"doc", "docs", "documentation", "man"})
_BUILD_DIRS = frozenset({".github", ".gitlab", ".circleci", ".ci", "ci", "scripts", "tools"})


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


def detect_role(path: str, language: str) -> str:
    """The file's role: source, test, docs, config, build or data."""
    parts = path.split("/")
    name = parts[-1]
    lower = name.lower()
    dirs = {p.lower() for p in parts[:-1]}
    if name in _BUILD_NAMES or (dirs & _BUILD_DIRS and language in _PROGRAMMING | _CONFIG_LANGS):
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
    stem = lower.split(".", 1)[0]
    if lower.startswith(".") and language in _CONFIG_LANGS | {"Text"}:
        return "config"
    if language in _DOC_LANGS or stem in _DOC_NAMES or dirs & _DOC_DIRS:
        return "docs"
    if language in _CONFIG_LANGS or lower.startswith(".") or stem in {"config", "settings"}:
        return "config"
    if language == "JSON" and (len(parts) == 1 or stem.endswith(("rc", "config", "tsconfig"))):
        return "config"
    if language in _DATA_LANGS:
        return "data"
    if language in _PROGRAMMING or language != "Text":
        return "source"
    return "data"
