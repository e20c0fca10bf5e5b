"""Lua: the modules a file requires (from the repository's Lua roots), its signatures and
its outline."""

from __future__ import annotations

from .conftest import graph


def test_a_lua_require_leads_to_the_module_under_a_lua_root(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "lib/gears/object.lua": "local object = {}\nreturn object\n",
            "lib/gears/init.lua": 'return { object = require("gears.object") }\n',
            "lib/wibox/init.lua": "return {}\n",
            "lib/awful/client.lua": (
                '-- local unused = require("awful.tag")\n'
                "local s = \"require('awful.tag')\"\n"
                'local object = require("gears.object")\n'
                "local wibox = require 'wibox'\n"
                "local gears = require('gears')\n"
                'local ok, lgi = pcall(require, "lgi")\n'
                "return {}\n"
            ),
            "lib/awful/tag.lua": "return {}\n",
            # A same-named file outside every Lua root is not the module.
            "docs/gears/object.lua": "return {}\n",
            "main.lua": 'local client = require("awful.client")\nrequire "docs_only"\n',
            # A test suite's helpers beside its specs: `require("wibox.test_utils")` from
            # spec/wibox/ is spec/wibox/test_utils.lua (the spec folder is its own root).
            "spec/wibox/test_utils.lua": "return {}\n",
            "spec/wibox/layout/fixed_spec.lua": (
                'local utils = require("wibox.test_utils")\nlocal w = require("wibox")\n'
            ),
        },
    )
    # (the commented and quoted requires are none; `lgi` is a dependency)
    assert g["lib/awful/client.lua"] == [
        "lib/gears/init.lua",
        "lib/gears/object.lua",
        "lib/wibox/init.lua",
    ]
    assert g["lib/gears/init.lua"] == ["lib/gears/object.lua"]
    assert g["main.lua"] == ["lib/awful/client.lua"]
    assert g["spec/wibox/layout/fixed_spec.lua"] == [
        "lib/wibox/init.lua",
        "spec/wibox/test_utils.lua",
    ]
    assert g["docs/gears/object.lua"] == []


def test_a_lua_package_path_names_a_root(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "game/run.lua": (
                'package.path = "modules/?.lua;modules/?/init.lua;" .. package.path\n'
                'local player = require("entities.player")\nlocal ui = require("ui")\n'
            ),
            "game/modules/entities/player.lua": "return {}\n",
            "game/modules/ui/init.lua": "return {}\n",
        },
    )
    assert g["game/run.lua"] == ["game/modules/entities/player.lua", "game/modules/ui/init.lua"]


_MODULE = """\
--- Base object with signals.
local object = {}

object.new = function(args)
    local ret = {}
    for k, v in pairs(args or {}) do
        ret[k] = v
    end
    local function inner() end
    return setmetatable(ret, { __index = object })
end

local function emit(self, name, ...)
    for _, cb in ipairs(self._signals[name] or {}) do
        cb(self, ...)
    end
end

function object:connect_signal(name, func) -- luacheck: no unused
    if not self._signals then self._signals = {} elseif x then y() end
    repeat self:poll() until self.ready
    table.insert(self._signals[name], func)
end

function object.emit_signal(name,
                            ...)
    emit(self, name, ...)
end

local grabber = run(
    function (modifiers, key, event)
        return key
    end)
awful.key({}, "x", function () spawn("function fake(a)") end, {
    on_press = function(index) end,
})
local f = function(a) return a end
--[[ function commented(a) end ]]
return setmetatable(object, { __call = function(_, ...) return object.new(...) end })
"""


def test_lua_signatures_list_named_functions_and_leave_callbacks_out() -> None:
    from repoview.compress import signatures

    assert signatures(_MODULE, "Lua") == (
        "object.new = function(args)\n"
        "local function emit(self, name, ...)\n"
        "function object:connect_signal(name, func)\n"
        "function object.emit_signal(name, ...)\n"
        "local f = function(a)\n"
    )


def test_a_lua_outline_elides_function_bodies_with_lua_comments() -> None:
    from repoview.compress import compress

    body = "".join(f"    local x{i} = {i}\n" for i in range(40))
    text = (
        "--- A big module.\n-- Copyright 2020 Someone, MIT licence\n-- third line\n\n"
        "local big = {}\n\n"
        f"--- Run it.\n-- @tparam number a\nfunction big.run(a)\n{body}end\n\n"
        "local s = [[\nfunction not_code(a)\n]]\n"
        f"big.stop = function(a)\n    if a then\n{body}    end\nend\n\n"
        "--[[ A long comment\n\nthat goes on\nfor lines ]]\n"
        "return big\n"
    )
    out = compress(text, "Lua")
    assert out == (
        "-- A big module. [licence header, 3 lines]\n\n"
        "local big = {}\n\n"
        "--- Run it.\nfunction big.run(a)\n    -- ... 40 lines elided\nend\n\n"
        "local s = [[\nfunction not_code(a)\n]]\n"
        "big.stop = function(a)\n    -- ... 42 lines elided\nend\n\n"
        "--[[ A long comment\n]]\n"
        "return big\n"
    )


def test_elision_markers_are_comments_of_the_file_language() -> None:
    from repoview.compress import compress

    # (Haskell's outline keeps each equation's first line: its bodies are what goes)
    haskell = "module Main where\n" + "".join(
        f"f{i} x = do\n    let y = x + {i}\n    return y\n" for i in range(30)
    )
    assert "\n-- ... 2 lines elided\n" in compress(haskell, "Haskell")
    erlang = "-module(m).\n" + "".join(f"f{i}(X) -> X + {i}.\n" for i in range(60))
    assert "% ... 42 lines elided" in compress(erlang, "Erlang")
    clojure = "(ns m)\n" + "".join(f"(+ 1 {i})\n" for i in range(60))
    assert ";; ... 42 lines elided" in compress(clojure, "Clojure")


def test_a_lua_module_table_written_as_a_constructor_lists_its_functions() -> None:
    from repoview.compress import signatures

    lua = """\
local M = {
    version = "1.0",
    new = function(args)
        local t = { cb = function() end }
        return setmetatable(t, M)
    end,
    draw = function(self, cr, width,
                    height)
        cr:paint()
    end,
    nested = { inner = function(x) end },
}

function M.extra(a) return a end

awful.key({}, "x", nil, {
    on_press = function(index) end,
})

return {
    start = function(opts) return opts end,
    config = { on_press = function(index) end },
}
"""
    assert signatures(lua, "Lua") == (
        "M.new = function(args)\n"
        "M.draw = function(self, cr, width, height)\n"
        "function M.extra(a)\n"
        "start = function(opts)\n"
    )
