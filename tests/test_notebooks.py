"""Jupyter notebooks are packed as their cells: code, prose commented, outputs left out."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path
from typing import Any

from repoview.notebook import notebook_text

TOKEN = "ghp_" + "Q8w7E6r5T4y3U2i1O0pAsDfGhJkLzXcVbNm9"


def notebook(cells: list[dict[str, Any]], language: str = "python", **extra: Any) -> str:
    meta = {"kernelspec": {"name": language, "language": language, "display_name": language}}
    return json.dumps(
        {"cells": cells, "metadata": meta, "nbformat": 4, "nbformat_minor": 5, **extra},
        indent=1,
    )


def code(*lines: str, outputs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    source = [line + "\n" for line in lines[:-1]] + list(lines[-1:])
    return {
        "cell_type": "code",
        "execution_count": 1,
        "metadata": {},
        "outputs": outputs or [],
        "source": source,
    }


def prose(*lines: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": [line + "\n" for line in lines]}


def plot(n: int) -> dict[str, Any]:
    png = base64.b64encode(random.Random(n).randbytes(n)).decode()
    return {"output_type": "display_data", "data": {"image/png": png}, "metadata": {}}


def left_out(cli, repo: Path, tmp_path: Path, cap: str) -> dict[str, dict[str, str]]:  # type: ignore[no-untyped-def]
    """What a pack under a `--max-file-size` of `cap` leaves out, by path."""
    manifest = tmp_path / "m.json"
    r = cli("pack", str(repo), "-q", "-o", "-", "--max-file-size", cap, "--manifest", str(manifest))
    assert r.code == 0, r.err
    return {e["path"]: e for e in json.loads(manifest.read_text())["excluded"]}


def test_a_notebook_is_packed_as_its_cells(make_repo, cli, tmp_path: Path) -> None:
    printed = {"output_type": "stream", "name": "stdout", "text": [f"token {TOKEN}\n"]}
    analysis = notebook(
        [
            prose("# Circles", "How their areas grow."),
            code("%matplotlib inline", "!pip install shapely", "from shapes.geo import area"),
            code("import os", "print(area(2), os.environ['GH'])", outputs=[printed, plot(300_000)]),
        ]
    )
    repo = make_repo(
        {
            "shapes/__init__.py": "",
            "shapes/geo.py": "def area(r):\n    return 3.14159 * r * r\n",
            "notebooks/analysis.ipynb": analysis,
            # Over the size cap as a file (its plots), far under it as cells.
            "notebooks/large.ipynb": notebook(
                [code("from shapes.geo import area", "area(3)", outputs=[plot(900_000)])]
            ),
            "notebooks/broken.ipynb": '{"cells": [ not json\n',
        }
    )
    manifest = tmp_path / "m.json"
    out = tmp_path / "p.md"
    r = cli("pack", str(repo), "--format", "markdown", "-o", str(out), "--manifest", str(manifest))
    assert r.code == 0, r.err
    text = out.read_text()
    assert (
        "# %% [markdown]\n# # Circles\n# How their areas grow.\n\n"
        "# %%\n# %matplotlib inline\n# !pip install shapely\nfrom shapes.geo import area\n\n"
        "# %%\nimport os\nprint(area(2), os.environ['GH'])\n"
    ) in text
    # What a run printed never leaves: neither the plots nor the token the cell printed.
    assert TOKEN not in text and '"image/png"' not in text and '"cell_type"' not in text
    files = {f["path"]: f for f in json.loads(manifest.read_text())["files"]}
    nb = files["notebooks/analysis.ipynb"]
    assert (nb["language"], nb["role"], nb["mode"]) == ("Python", "example", "full")
    assert nb["imports"] == ["shapes/geo.py"]
    assert nb["tokens"] < 80 and nb["bytes"] > 400_000
    assert files["notebooks/large.ipynb"]["mode"] == "full"
    assert "shapes/geo.py" in files["notebooks/large.ipynb"]["imports"]
    # A file named .ipynb that is no notebook is packed as it is.
    assert files["notebooks/broken.ipynb"]["language"] == "Text"
    assert '{"cells": [ not json' in text


def test_cells_over_the_size_cap_are_too_large(make_repo, cli, tmp_path: Path) -> None:
    lines = [f"x{i} = {i}  # a long line of code, cell after cell" for i in range(3000)]
    repo = make_repo({"big.ipynb": notebook([code(*lines)]), "app.py": "print(1)\n"})
    left = left_out(cli, repo, tmp_path, "50kb")
    assert left["big.ipynb"]["reason"] == "too-large"
    assert "cells'" in left["big.ipynb"]["detail"]


def test_other_kernels_old_formats_and_odd_cells() -> None:
    r_notebook = notebook([code("library(dplyr)", "x <- 1"), prose("Done.")], language="R")
    assert notebook_text(r_notebook) == (
        "# %%\nlibrary(dplyr)\nx <- 1\n\n# %% [markdown]\n# Done.\n",
        "R",
    )
    scala = notebook([code("val x = 1"), prose("A note")], language="scala")
    assert notebook_text(scala) == ("// %%\nval x = 1\n\n// %% [markdown]\n// A note\n", "Scala")
    # nbformat 3: cells inside worksheets, a code cell's text under "input".
    old = {
        "worksheets": [{"cells": [{"cell_type": "code", "input": ["y = 2\n"], "outputs": []}]}],
        "metadata": {},
        "nbformat": 3,
    }
    assert notebook_text(json.dumps(old)) == ("# %%\ny = 2\n", "Python")
    odd = {"cells": [None, {"cell_type": "code", "source": 7}, code(""), {"cell_type": "x"}]}
    assert notebook_text(json.dumps(odd)) == ("# %%\n", "Python")
    assert notebook_text("[1, 2]") is None and notebook_text('{"cells": 3}') is None


def test_a_cell_of_another_language_is_commented_whole_a_timed_one_is_python() -> None:
    cells = [
        code("", "%%bash", "ls -l"),  # (a blank line before the magic)
        code("%%memit", "import numpy"),  # an extension's magic: Python still
        code("%%time", "import math", "total = math.fsum(range(9))"),
        code("%%writefile helpers.py", "import os", "def here():", "    return os.getcwd()"),
        code("%%writefile notes.txt", "not code"),
    ]
    assert notebook_text(notebook(cells)) == (
        "# %%\n#\n# %%bash\n# ls -l\n\n"
        "# %%\n# %%memit\nimport numpy\n\n"
        "# %%\n# %%time\nimport math\ntotal = math.fsum(range(9))\n\n"
        "# %%\n# %%writefile helpers.py\nimport os\ndef here():\n    return os.getcwd()\n\n"
        "# %%\n# %%writefile notes.txt\n# not code\n",
        "Python",
    )


def test_a_file_named_ipynb_that_is_no_notebook_keeps_the_size_cap(
    make_repo, cli, tmp_path: Path
) -> None:
    conflicted = "<<<<<<< HEAD\n" + '{"cells": []}\n' * 5000 + ">>>>>>> other\n"
    repo = make_repo({"broken.ipynb": conflicted, "app.py": "print(1)\n"})
    left = left_out(cli, repo, tmp_path, "20kb")
    assert left["broken.ipynb"]["reason"] == "too-large"


def test_a_notebooks_change_shows_its_cells_not_its_json(make_repo, cli, tmp_path: Path) -> None:
    from .conftest import git

    repo = make_repo(
        {"nb.ipynb": notebook([code("import math", "print(math.pi)", outputs=[plot(10_000)])])}
    )
    base = git(repo, "rev-parse", "HEAD").strip()
    rerun = [code("import math", "print(math.tau)", outputs=[plot(k)]) for k in range(30)]
    (repo / "nb.ipynb").write_text(notebook(rerun))
    git(repo, "commit", "-qam", "rerun")
    out = tmp_path / "p.md"
    r = cli("pack", str(repo), "--diff", f"{base}..HEAD", "--format", "markdown", "-o", str(out))
    assert r.code == 0, r.err
    change = out.read_text().split("## Change under review", 1)[1]
    assert "print(math.tau)" in change  # the new cells
    # The JSON's hunks (thirty plots re-run) are one line naming it.
    assert "image/png" not in change and "nb.ipynb: +" in change


def test_a_notebooks_signatures_are_its_headings_and_definitions_in_order() -> None:
    from repoview.compress import signatures

    text, language = notebook_text(
        notebook(
            [
                prose("# Seaborn", "Some words.", "## Histograms"),
                code("import seaborn as sns", "def plot(x):", "    return sns.histplot(x)"),
                prose("### Pair plots"),
                code("class Grid:", "    def draw(self):", "        pass"),
            ]
        )
    ) or ("", "")
    assert signatures(text, language) == (
        "# Seaborn\n## Histograms\ndef plot(x)\n### Pair plots\nclass Grid\n def draw()\n"
    )


def test_a_percent_script_cell_with_options_is_code() -> None:
    from repoview.compress import signatures

    script = (
        '# %% tags=["parameters"]\ndef f(x):\n    return x\n\n'
        "# %% [markdown]\n# ## Loading\n\n# %% Load [data]\ndef g():\n    pass\n"
    )
    assert signatures(script, "Python") == "def f(x)\n## Loading\ndef g()\n"
