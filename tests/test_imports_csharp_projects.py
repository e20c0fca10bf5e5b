"""A C# file sees the types of its own project and of the projects it references (by
project, by a package this repository builds, or through a Directory.Build file), and the
sources no project folder holds; not a namesake in a project it cannot reference."""

from __future__ import annotations

from .conftest import graph

PROJECT = '<Project Sdk="Microsoft.NET.Sdk">\n  <ItemGroup>\n{refs}  </ItemGroup>\n</Project>\n'


def project(*refs: str) -> str:
    return PROJECT.format(refs="".join(f"    {r}\n" for r in refs))


def test_csharp_names_resolve_within_the_projects_a_file_can_see(make_repo) -> None:
    files: dict[str, str | bytes] = {
        "src/Core/Core.csproj": project(),
        "src/Core/Constants.cs": "namespace Core;\ninternal static class Constants { }\n",
        "src/Core/Widget.cs": (
            "namespace Core;\npublic class Widget\n{\n"
            "    public Shim Helper { get; } = new Shim();\n"
            "    public int Size => Constants.Default;\n"
            "    public Context Context => null;\n}\n"
        ),
        # Compiled into every project by path: in no project's folder.
        "shared/Shim.cs": "namespace Core;\ninternal sealed class Shim { }\n",
        # The older library beside it, which the core does not reference.
        "src/Legacy/Legacy.csproj": project(r'<ProjectReference Include="..\Core\Core.csproj" />'),
        "src/Legacy/Context.cs": "namespace Legacy;\npublic class Context { }\n",
        "src/Legacy/Policy.cs": "namespace Legacy;\npublic class Policy { Widget w; Context c; }\n",
        "test/Directory.Build.props": project(
            r'<ProjectReference Include="$(MSBuildThisFileDirectory)Utils\Utils.csproj" />'
        ),
        "test/Utils/Utils.csproj": project(),
        "test/Utils/Fixture.cs": "namespace Utils;\npublic class Fixture { }\n",
        "test/Core.Tests/Core.Tests.csproj": project(
            r'<ProjectReference Include="..\..\src\Core\Core.csproj" />'
        ),
        "test/Core.Tests/Helpers/Constants.cs": "namespace Tests;\npublic static class Constants { }\n",
        "test/Core.Tests/WidgetTests.cs": (
            "namespace Tests;\npublic class WidgetTests\n{\n"
            "    private readonly Fixture _fixture = new Fixture();\n"
            "    public void Grows() { var w = new Widget(); }\n}\n"
        ),
        "samples/App/App.csproj": project('<PackageReference Include="Core" />'),
        "samples/App/Program.cs": "var widget = new Widget();\nvar other = new Policy();\n",
    }
    edges = graph(make_repo, files)
    # Not the test project's namesake, nor the legacy project's `Context`.
    assert edges["src/Core/Widget.cs"] == ["shared/Shim.cs", "src/Core/Constants.cs"]
    assert edges["src/Legacy/Policy.cs"] == ["src/Core/Widget.cs", "src/Legacy/Context.cs"]
    assert edges["test/Core.Tests/WidgetTests.cs"] == [
        "src/Core/Widget.cs",
        "test/Utils/Fixture.cs",
    ]
    # The package `Core` this repository builds is its project; `Legacy` is not referenced.
    assert edges["samples/App/Program.cs"] == ["src/Core/Widget.cs"]


def test_references_in_another_case_in_a_list_or_through_a_property(make_repo) -> None:  # type: ignore[no-untyped-def]
    def repo_with(reference: str) -> dict[str, list[str]]:
        files: dict[str, str | bytes] = {
            "src/Core/Core.csproj": project(),
            "src/Core/Widget.cs": "namespace Core;\npublic class Widget { }\n",
            "src/Data/Data.csproj": project(),
            "src/Data/Store.cs": "namespace Data;\npublic class Store { }\n",
            "src/App/App.csproj": project(reference),
            "src/App/Program.cs": "var w = new Widget();\nvar s = new Store();\n",
        }
        return graph(make_repo, files)

    both = ["src/Core/Widget.cs", "src/Data/Store.cs"]
    # Written on Windows: the folder's case need not be the reference's.
    cased = repo_with(r'<ProjectReference Include="..\core\Core.csproj" />')
    assert cased["src/App/Program.cs"] == ["src/Core/Widget.cs"]
    listed = repo_with(r'<ProjectReference Include="..\Core\Core.csproj;..\Data\Data.csproj" />')
    assert listed["src/App/Program.cs"] == both
    # A path through a property this cannot read: the project is not narrowed at all.
    rooted = repo_with(r'<ProjectReference Include="$(RepoRoot)src\Core\Core.csproj" />')
    assert rooted["src/App/Program.cs"] == both
