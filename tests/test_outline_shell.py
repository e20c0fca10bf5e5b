"""Shell scripts' tiers: signatures name each function, the outline keeps their heads and the
script's top-level lines and elides bodies; a here-document is text, never definitions."""

from __future__ import annotations

from repoview.compress import compress, signatures

_BODY = "".join(f'    echo "step {i}" >> "$LOG"\n' for i in range(6))
_SCRIPT = f"""\
#!/bin/bash
set -eu
LOG=${{LOG:-/tmp/build.log}}

# Fetch the sources.
download () {{
{_BODY}}}

function build_linux {{
{_BODY}}}

function build_osx() {{
{_BODY}}}

cleanup()
{{
{_BODY}}}

cat <<- 'PAGE' > page.html
  <script>
  function fake_js(a) {{
    return a;
  }}
  </script>
PAGE

download
build_linux
"""


def test_shell_signatures_name_each_function_and_skip_here_documents() -> None:
    assert signatures(_SCRIPT, "Bash") == "download()\nbuild_linux()\nbuild_osx()\ncleanup()\n"


def test_shell_outline_keeps_heads_and_top_level_lines() -> None:
    outline = compress(_SCRIPT, "Bash")
    for kept in (
        "LOG=${LOG:-/tmp/build.log}",
        "# Fetch the sources.",
        "download () {",
        "function build_linux {",
        "function build_osx() {",
        "cleanup()\n{",
        "download\nbuild_linux",
    ):
        assert kept in outline, kept
    assert 'echo "step' not in outline and outline.count("lines elided") == 4
    assert len(outline) < len(_SCRIPT) * 2 // 3
