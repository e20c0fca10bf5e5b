"""A Java member type is in scope in its class's body only: the class's `extends` and
`implements` name the package's type of that name."""

from __future__ import annotations

from .conftest import graph


def test_a_nested_type_does_not_hide_the_package_type_its_class_implements(
    make_repo,
) -> None:
    base = "src/main/java/org/ex/b/"
    g = graph(
        make_repo,
        {
            base + "Builder.java": (
                "package org.ex.b;\npublic interface Builder<T> { T build(); }\n"
            ),
            base + "Base.java": "package org.ex.b;\npublic abstract class Base { }\n",
            base + "Eq.java": (
                "package org.ex.b;\n"
                "public class Eq\n        extends Base\n        implements Builder<Boolean> {\n"
                "    public static class Builder { }\n"
                "    public static class Base { }\n"
                "    public Boolean build() { return true; }\n}\n"
            ),
            # In the body, the nested class is meant.
            base + "Hash.java": (
                "package org.ex.b;\npublic class Hash {\n"
                "    public static class Builder { }\n"
                "    Builder b = new Builder();\n}\n"
            ),
        },
    )
    assert g[base + "Eq.java"] == [base + "Base.java", base + "Builder.java"]
    assert g[base + "Hash.java"] == []
