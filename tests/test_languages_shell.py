"""An extensionless script other scripts source, told from notes by its shell lines."""

from __future__ import annotations

from repoview.packer import PackOptions, build_pack

# Tool definitions a driver script sources: functions, their braces, commands.
TOOL = """diff_cmd () {
\t"$tool_path" -wait -2 "$LOCAL" "$REMOTE" >/dev/null 2>&1
}

diff_cmd_help () {
\techo "Use the viewer (requires a graphical session)"
}

merge_cmd () {
\tif $base_present
\tthen
\t\t"$tool_path" -wait -merge -3 \\
\t\t\t"$BASE" "$LOCAL" "$REMOTE" "$MERGED" >/dev/null 2>&1
\telse
\t\t"$tool_path" -wait -2 \\
\t\t\t"$LOCAL" "$REMOTE" "$MERGED" >/dev/null 2>&1
\tfi
}

merge_cmd_help () {
\techo "Use the viewer (requires a graphical session)"
}

translate_merge_tool_path() {
\techo viewer
}
"""
# No block closed by `fi`: functions alone.
SIMPLE = """diff_cmd () {
\t"$tool_path" --wait --diff "$LOCAL" "$REMOTE"
}

merge_cmd () {
\t"$tool_path" --wait --merge "$REMOTE" "$LOCAL" "$BASE" "$MERGED"
}

translate_merge_tool_path () {
\techo code
}
"""
# A fixture of Java with a call on a line of its own is no shell script.
JAVA = """class MyExample {
    public Map<T, R[]> foo(String[] right) {
        someMethodCall();
        someOtherMethod()
            .doThat();
        return (List<T>) Arrays.asList("x");
    }
}
"""

# Methods with no parameters, each `name() {` indented in its class: no shell functions.
JS = """class Widget {
  constructor() {
    this.count = 0
  }
  render() {
    return this.count
  }
  reset() {
    this.count = 0
  }
}
"""


def test_a_script_of_functions_is_shell_source(make_repo) -> None:
    repo = make_repo(
        {
            "handlers/viewer": TOOL,
            "handlers/code": SIMPLE,
            "fixtures/java-method": JAVA,
            "fixtures/js-methods": JS,
            "NOTES": "Then we fix it.\nIf it fails, done.\n}\n",
            "main.c": "int main(void) { return 0; }\n",
        }
    )
    files = {f.path: (f.language, f.role) for f in build_pack(PackOptions(path=repo)).files}
    assert files["handlers/viewer"] == files["handlers/code"] == ("Bash", "source")
    assert files["fixtures/java-method"][0] == files["NOTES"][0] == "Text"
    assert files["fixtures/js-methods"][0] == "Text"


def test_a_script_in_a_dotted_folder_keeps_its_shebang(make_repo) -> None:
    # A dot in a folder's name (`init.d/`, `.github/`, `.husky/`) is no extension of the
    # script's own.
    script = "#!/bin/sh -e\nset -e\necho hi\n"
    perl = "#!/usr/bin/env perl\nuse strict;\nprint 1;\n"
    repo = make_repo(
        {
            "tools/run": script,
            "init.d/run": script,
            ".github/scripts/release": script,
            ".github/scripts/strip": perl,
            ".husky/pre-commit": script,
        }
    )
    files = {f.path: f.language for f in build_pack(PackOptions(path=repo)).files}
    assert files["tools/run"] == files["init.d/run"] == "Bash"
    assert files[".github/scripts/release"] == files[".husky/pre-commit"] == "Bash"
    assert files[".github/scripts/strip"] == "Perl"
