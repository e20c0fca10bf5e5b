"""A Ruby constant named at the top level (`::Rails`, or `Rails` outside every namespace)
is the top level's: never a gem's namespaced class of that last name."""

from __future__ import annotations

from .conftest import graph


def test_a_top_level_constant_is_not_a_namespaced_class_of_its_name(make_repo) -> None:
    g = graph(
        make_repo,
        {
            "foo.gemspec": "Gem::Specification.new { |s| s.name = 'foo' }\n",
            "lib/foo.rb": "module Foo\n  def self.go; end\nend\n",
            "lib/foo/rails.rb": "module Foo\n  class Rails < ::Rails::Engine\n  end\nend\n",
            "lib/foo/util.rb": "module Foo\n  module Util\n    class Helper\n    end\n  end\nend\n",
            # `::Rails` is the framework, wherever it is written.
            "lib/foo/gen.rb": (
                "module Foo\n  class Gen\n    def dir\n      ::Rails.application.config.root\n"
                "    end\n  end\nend\n"
            ),
            # Outside every namespace Ruby looks at the top level only.
            "app/setup.rb": "Rails.application.configure do\n  config.x = 1\nend\n",
            # Inside `module Foo`, a bare `Rails` is Foo::Rails.
            "lib/foo/railtie.rb": "module Foo\n  class Railtie\n    def r = Rails\n  end\nend\n",
            # `class Foo::Cli` puts Foo::Cli in scope, not Foo: its `Rails` is the top level's.
            "lib/foo/cli.rb": "class Foo::Cli\n  def r = Rails.root\nend\n",
            # A namespaced class still reaches a constant through its mixins.
            "lib/foo/job.rb": ("class Foo::Job\n  include Foo::Util\n  def h = Helper.new\nend\n"),
        },
    )
    assert g["lib/foo/gen.rb"] == []
    assert g["app/setup.rb"] == []
    assert g["lib/foo/railtie.rb"] == ["lib/foo/rails.rb"]
    assert g["lib/foo/cli.rb"] == []
    assert g["lib/foo/job.rb"] == ["lib/foo/util.rb"]
