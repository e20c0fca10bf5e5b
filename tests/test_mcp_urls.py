"""`file://` URLs given to the MCP server: taken only as README says, refused in plain words."""

from __future__ import annotations

from pathlib import Path

import pytest

from .test_mcp import _files, _session, _text

mcp = pytest.importorskip("mcp")
from mcp import Client  # noqa: E402


def test_a_percent_escaped_slash_is_refused_even_inside_the_served_folder(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo: Path = make_repo(_files())
    first, rest = str(repo).lstrip("/").split("/", 1)

    async def body(client: Client) -> None:
        plain = await client.call_tool("pack", {"path": f"file://{repo}"})
        assert not plain.is_error, _text(plain)
        for slash in ("%2f", "%2F"):
            refused = await client.call_tool("pack", {"path": f"file:///{first}{slash}{rest}"})
            text = _text(refused)
            assert refused.is_error and "percent-escaped slash" in text, text
            assert "file:///path" in text

    _session(repo, body=body)


def test_a_question_mark_is_refused_naming_it(make_repo) -> None:  # type: ignore[no-untyped-def]
    repo: Path = make_repo(_files())

    async def body(client: Client) -> None:
        for url in (f"file://{repo}?ref=main", f"file://{repo}/x?/..", f"file://{repo}#top"):
            refused = await client.call_tool("pack", {"path": url})
            text = _text(refused)
            assert refused.is_error and "`?` and `#`" in text, text
            assert "nothing before it" not in text

    _session(repo, body=body)
