"""Vim script: signatures name its functions, Vim9 definitions and classes and its user
commands; its outline elides function bodies and keeps the top level (what a plugin does to
the editor); a syntax file of statements alone is shown whole or named."""

from __future__ import annotations

from pathlib import Path

from repoview.compress import compress, signatures
from repoview.packer import PackOptions, build_pack

PLUGIN = """" A plugin
if exists("g:loaded_thing")
  finish
endif
let g:loaded_thing = 1

function! s:Helper(a, b) abort
  " a comment: function! s:NotOne()
  let l:x = a:a + a:b
  command! -buffer Inner echo l:x
  return l:x
endfunction

fun thing#Run(...) range
  call s:Helper(1, 2)
  if a:0 > 0
    echo "many"
  endif
endfun

command! -nargs=* -complete=file Thing call thing#Run(<f-args>)
com -bar ThingOff let g:thing_on = 0
comclear

augroup thing
  autocmd!
  autocmd BufRead *.thing call s:Helper(0, 0)
augroup END

def g:Vim9Thing(name: string, count = 3): number
  def Inner(): number
    return 1
  enddef
  return count + Inner()
enddef

export class Shape
  var x: number
  def Area(): number
    return 0
  enddef
endclass
"""


def test_signatures_name_functions_classes_and_commands() -> None:
    assert signatures(PLUGIN, "VimL") == (
        "function! s:Helper(a, b) abort\n"
        "fun thing#Run(...) range\n"
        "command -nargs=* -complete=file Thing\n"
        "command -bar ThingOff\n"
        "def g:Vim9Thing(name: string, count = 3): number\n"
        "export class Shape\n"
        " def Area(): number\n"
    )


def test_the_outline_elides_function_bodies_and_keeps_the_top_level() -> None:
    outline = compress(PLUGIN, "VimL")
    assert 'function! s:Helper(a, b) abort\n  " ... 4 lines elided\nendfunction\n' in outline
    assert 'fun thing#Run(...) range\n  " ... 4 lines elided\nendfun\n' in outline
    assert "return count + Inner()" not in outline  # (a nested def is in the body)
    for kept in ("let g:loaded_thing = 1", "command! -nargs=*", "autocmd BufRead *.thing"):
        assert kept in outline
    assert "call s:Helper(1, 2)" not in outline


def test_a_pack_outlines_a_plugin_and_names_a_syntax_file(make_repo) -> None:  # type: ignore[no-untyped-def]
    body = "".join(f"  let l:v{k} = {k} * a:n\n" for k in range(60))
    big = PLUGIN + f"\nfunction! thing#Big(n)\n{body}  return 0\nendfunction\n"
    syntax = "".join(f"syn keyword thingKeyword kw{k}\n" for k in range(400))
    repo: Path = make_repo({"plugin/thing.vim": big, "syntax/thing.vim": syntax})
    pack = build_pack(PackOptions(path=repo, compress=True))
    modes = {f.path: f.mode for f in pack.files}
    assert modes["plugin/thing.vim"] == "compressed"
    assert "let l:v59 = 59 * a:n" not in pack.output
    # (no body to elide: its first lines, then the count of the rest)
    assert modes["syntax/thing.vim"] == "compressed"
    assert "syn keyword thingKeyword kw0\n" in pack.output
    assert "syn keyword thingKeyword kw399\n" not in pack.output
    tight = build_pack(PackOptions(path=repo, budget=900))
    modes = {f.path: f.mode for f in tight.files}
    assert modes["plugin/thing.vim"] in ("signatures", "compressed")
    assert modes["syntax/thing.vim"] == "listed"  # (nothing to list, and too long for the room)


def test_interfaces_heredocs_and_continued_lines_hide_no_definition() -> None:
    text = (
        "vim9script\ninterface HasSurface\n  def Surface(): number\nendinterface\n\n"
        "python3 << EOF\ndef helper(x):\n    return x\nEOF\n"
        "lua << END\nfunction M.setup(opts)\nend\nEND\n"
        "var lines =<< trim END\n  function! NotOne()\nEND\n"
        "function! Joined(a,\n      \\ b) abort\n  return a:a\nendfunction\n"
        "def Area(x: HasSurface): number\n  return x.Surface()\nenddef\n"
        "command! ShowArea echo Area(1)\n"
    )
    assert signatures(text, "VimL") == (
        "interface HasSurface\n"
        " def Surface(): number\n"
        "function! Joined(a, b) abort\n"
        "def Area(x: HasSurface): number\n"
        "command ShowArea\n"
    )
    outline = compress(text + "\n" * 20, "VimL")
    assert "def Surface(): number\nendinterface\n" in outline  # (nothing of it elided)
    assert "def helper(x):" in outline  # another language's code is kept as it stands
