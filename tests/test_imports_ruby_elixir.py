"""The import graph of Ruby and Elixir: constants by their namespaces, modules by the calls
that name them."""

from __future__ import annotations

from .conftest import graph


def test_a_ruby_constant_is_looked_up_through_its_namespaces(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "web.gemspec": "Gem::Specification.new { |s| s.name = 'web' }\n",
            "lib/web/base.rb": (
                "module Web\n  class Request\n  end\n\n  class Base\n"
                "    def self.run!\n      Rackup::Handler.get('puma')\n      Request.new\n    end\n"
                "  end\nend\n"
            ),
            "lib/web/dav.rb": (
                "module Web\n  module Dav\n    module Request\n      def dav?; true; end\n"
                "    end\n  end\nend\n"
            ),
            "lib/web/app.rb": "module Web\n  class App < Base\n    def r = Dav::Request\n  end\nend\n",
            # A separate gem in the same repository, with a `Request` of its own name.
            "guard/guard.gemspec": "Gem::Specification.new { |s| s.name = 'guard' }\n",
            "guard/lib/guard/check.rb": (
                "module Guard\n  class Check\n    def call(env)\n      Request.new(env)\n"
                "    end\n  end\nend\n"
            ),
            # A test reopens a library's namespace around its mock.
            "test/server_test.rb": (
                "module Rackup::Handler\n  class Mock\n  end\nend\n\n"
                "class ServerTest\n  def test_run = Web::Base.run!\nend\n"
            ),
        },
    )
    # `Request` inside `module Web` is Web::Request, never Web::Dav::Request; a test's
    # constants are not the library's.
    assert g["lib/web/base.rb"] == []
    assert g["lib/web/app.rb"] == ["lib/web/base.rb", "lib/web/dav.rb"]
    # `Request` inside `module Guard` is Guard::Request or ::Request: neither is declared.
    assert g["guard/lib/guard/check.rb"] == []
    assert g["test/server_test.rb"] == ["lib/web/base.rb"]


def test_a_ruby_gem_reaches_another_only_through_the_namespaces_that_gem_owns(
    make_repo,
) -> None:
    g = graph(
        make_repo,
        {
            "web.gemspec": "Gem::Specification.new { |s| s.name = 'web' }\n",
            "lib/web/base.rb": "module Web\n  class Request\n  end\nend\n",
            # The core gem patches a class of the namespace the other gem owns.
            "lib/web/main.rb": "class Shield::Builder\n  def web = 1\nend\n",
            "shield/shield.gemspec": "Gem::Specification.new { |s| s.name = 'shield' }\n",
            "shield/lib/shield.rb": "module Shield\n  class Check\n  end\nend\n",
            "shield/lib/shield/check.rb": (
                "module Shield\n  class Check\n    def b = Builder.new\n  end\nend\n"
            ),
            "extra/extra.gemspec": "Gem::Specification.new { |s| s.name = 'extra' }\n",
            "extra/lib/web/extra.rb": "module Web\n  module Extra\n    def r = Request.new\n  end\nend\n",
        },
    )
    # Another gem's `Web::Request` is found under the gem that owns `Web`.
    assert g["extra/lib/web/extra.rb"] == ["lib/web/base.rb"]
    # A gem's own names never lead into a gem that only patches them.
    assert g["shield/lib/shield/check.rb"] == []


def test_elixir_modules_named_by_remote_calls_and_structs(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "mix.exs": "defmodule Shop.MixProject do\nend\n",
            "lib/shop/cart.ex": (
                "defmodule Shop.Cart do\n"
                '  @moduledoc """\n  Prices come from Shop.Docs.price/1.\n  """\n'
                "  alias Shop.Store\n  alias Shop.Store.{Stock}\n"
                "  # Shop.Comment.x() is only a comment\n"
                "  def remove(cart, id) do\n"
                '    msg = "see Shop.Strings.f()"\n'
                "    price = Shop.Pricing.lookup(cart, id)\n"
                "    Shop.Audit.log(:remove, %Shop.Item{id: id})\n"
                "    Store.Ledger.add(price)\n    Stock.take(id)\n    msg\n  end\nend\n"
            ),
            "lib/shop/pricing.ex": "defmodule Shop.Pricing do\n  def lookup(_, _), do: 1\nend\n",
            "lib/shop/audit.ex": "defmodule Shop.Audit do\n  def log(_, _), do: :ok\nend\n",
            "lib/shop/item.ex": "defmodule Shop.Item do\n  defstruct [:id]\nend\n",
            "lib/shop/store.ex": "defmodule Shop.Store do\nend\n",
            "lib/shop/store/ledger.ex": "defmodule Shop.Store.Ledger do\nend\n",
            "lib/shop/store/stock.ex": "defmodule Shop.Store.Stock do\nend\n",
            "lib/shop/docs.ex": "defmodule Shop.Docs do\nend\n",
            "lib/shop/comment.ex": "defmodule Shop.Comment do\nend\n",
            "lib/shop/strings.ex": "defmodule Shop.Strings do\nend\n",
        },
    )
    # Calls, a struct and a call through an alias; nothing named in docs, comments or
    # strings; `alias Shop.Store.{Stock}` names Stock.
    assert g["lib/shop/cart.ex"] == [
        "lib/shop/audit.ex",
        "lib/shop/item.ex",
        "lib/shop/pricing.ex",
        "lib/shop/store.ex",
        "lib/shop/store/ledger.ex",
        "lib/shop/store/stock.ex",
    ]


def test_a_spec_requires_its_helper_from_its_suites_load_path(make_repo) -> None:
    # RSpec puts `spec/` on the load path, Rake's test task `test/`: `require "spec_helper"`
    # is the suite's own helper, in a gem's folder too; a name no folder holds is no edge.
    g = graph(
        make_repo,
        {
            "contrib/lib/foo.rb": "module Foo\nend\n",
            "contrib/spec/spec_helper.rb": "require 'foo'\n",
            "contrib/spec/unit/foo_spec.rb": "require 'spec_helper'\nrequire 'support/matchers'\n"
            "require 'rspec'\n",
            "contrib/spec/support/matchers.rb": "RSpec::Matchers.define(:be_ok) {}\n",
            "test/test_helper.rb": "require 'minitest/autorun'\n",
            "test/app_test.rb": "require 'test_helper'\n",
        },
    )
    assert g["contrib/spec/unit/foo_spec.rb"] == [
        "contrib/spec/spec_helper.rb",
        "contrib/spec/support/matchers.rb",
    ]
    assert g["test/app_test.rb"] == ["test/test_helper.rb"]


def test_an_elixir_module_is_found_by_the_file_that_defines_it(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "mix.exs": "defmodule App.MixProject do\nend\n",
            # Several modules in one file, and nested ones (`App.Socket.Reply`).
            "lib/app/exceptions.ex": (
                "defmodule App.NotFoundError do\n  defexception [:message]\nend\n\n"
                "defmodule App.BadParamError do\n  defexception [:key]\nend\n"
            ),
            "lib/app/socket.ex": (
                "defmodule App.Socket do\n  defmodule Reply do\n    defstruct [:ref]\n  end\n\n"
                "  def reply(ref), do: %Reply{ref: ref}\nend\n"
            ),
            # A file name that does not split the CamelCase.
            "lib/app/transports/websocket.ex": (
                "defmodule App.Transports.WebSocket do\n  def init(x), do: x\nend\n"
            ),
            "lib/app/transports/long_poll.ex": (
                "defmodule App.Transports.LongPoll do\n  def init(x), do: x\nend\n"
            ),
            "lib/app/controller.ex": (
                "defmodule App.Controller do\n"
                "  def f(p, k), do: Map.get(p, k) || raise App.BadParamError, key: k\n"
                "  def t, do: [App.Transports.WebSocket.init(1), App.Transports.LongPoll.init(2)]\n"
                "  def r, do: %App.Socket.Reply{}\nend\n"
            ),
            # Mix tasks, in files named with dots.
            "lib/mix/tasks/app.gen.context.ex": (
                "defmodule Mix.Tasks.App.Gen.Context do\n  use Mix.Task\n  def run(a), do: a\nend\n"
            ),
            "lib/mix/tasks/app.gen.html.ex": (
                "defmodule Mix.Tasks.App.Gen.Html do\n  use Mix.Task\n"
                "  def run(a), do: Mix.Tasks.App.Gen.Context.run(a)\nend\n"
            ),
            # A test's helper module: for tests only, never for the library.
            "test/support/helpers.ex": "defmodule App.Helpers do\n  def h, do: 1\nend\n",
            "lib/app/helpers_user.ex": (
                "defmodule App.HelpersUser do\n  def u, do: App.Helpers.h()\nend\n"
            ),
            "test/app/controller_test.exs": (
                "defmodule App.ControllerTest do\n  use ExUnit.Case\n"
                "  defmodule Endpoint do\n    def call(c), do: c\n  end\n\n"
                '  test "x", do: assert App.Helpers.h() == Endpoint.call(1)\nend\n'
            ),
            # A module of the same name as the nested one above, at the top level.
            "lib/endpoint.ex": "defmodule Endpoint do\nend\n",
        },
    )
    assert g["lib/app/controller.ex"] == [
        "lib/app/exceptions.ex",
        "lib/app/socket.ex",
        "lib/app/transports/long_poll.ex",
        "lib/app/transports/websocket.ex",
    ]
    assert g["lib/mix/tasks/app.gen.html.ex"] == ["lib/mix/tasks/app.gen.context.ex"]
    assert g["lib/app/helpers_user.ex"] == []
    # A nested module is named bare in its parent, which defines it.
    assert g["lib/app/socket.ex"] == []
    assert g["test/app/controller_test.exs"] == ["test/support/helpers.ex"]


def test_a_ruby_module_other_files_reopen_links_to_the_file_defining_its_methods(
    make_repo,
) -> None:
    g = graph(
        make_repo,
        {
            "lib/foo/utils.rb": (
                "module Foo\n  module Utils\n    extend self\n\n"
                "    def deep_merge(a, b)\n      a.merge(b)\n    end\n  end\nend\n"
            ),
            "lib/foo/utils/ansi.rb": (
                "module Foo\n  module Utils\n    module Ansi\n      def self.strip(s) = s\n"
                "    end\n  end\nend\n"
            ),
            "lib/foo/utils/exec.rb": (
                "module Foo\n  module Utils\n    module Exec\n      def self.run(c) = c\n"
                "    end\n  end\nend\n"
            ),
            "lib/foo/page.rb": (
                "module Foo\n  class Page\n    def data\n      Utils.deep_merge({}, {})\n"
                "    end\n  end\nend\n"
            ),
            # A namespace only: reopened around classes, defining nothing itself.
            "lib/bar/tags/a.rb": "module Bar\n  module Tags\n    class A\n    end\n  end\nend\n",
            "lib/bar/tags/b.rb": "module Bar\n  module Tags\n    class B\n    end\n  end\nend\n",
            "lib/bar/tags/c.rb": "module Bar\n  module Tags\n    class C\n    end\n  end\nend\n",
            "lib/bar/site.rb": (
                "module Bar\n  class Site\n    def tags = Tags.constants\n  end\nend\n"
            ),
        },
    )
    assert g["lib/foo/page.rb"] == ["lib/foo/utils.rb"]
    assert g["lib/bar/site.rb"] == []
