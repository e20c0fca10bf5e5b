"""A Rust module built for tests only (`#[cfg(test)] mod tests { ... }`) is one line of an
outline naming its functions: its helpers and cases are the tests', and tests come after
source."""

from __future__ import annotations

from repoview.compress import compress, signatures

SOURCE = (
    "/// Walks a tree.\npub struct Walker {\n    depth: usize,\n}\n\n"
    "impl Walker {\n    /// A walker to `depth`.\n    pub fn new(depth: usize) -> Walker {\n"
    "        Walker { depth }\n    }\n}\n\n"
    '#[cfg(feature = "serde")]\nmod serde_impl {\n    pub fn to_json(w: &super::Walker) -> String {\n'
    '        format!("{}", w.depth)\n    }\n}\n\n'
    "#[cfg(test)]\n#[allow(dead_code)]\n// the walker's own cases\nmod tests {\n"
    '    use super::*;\n\n    fn tmpdir() -> String {\n        String::from("/tmp")\n    }\n\n'
    "    #[test]\n    fn walks_nothing() {\n        assert_eq!(Walker::new(0).depth, 0);\n    }\n"
    "\n    mod nested {\n        #[test]\n        fn deep() {\n            assert!(true);\n"
    "        }\n    }\n}\n\n"
    '#[cfg(all(test, feature = "slow"))]\n\tmod slow_tests {\n\t#[test]\n\tfn long() {\n'
    "\t\tassert!(true);\n\t}\n\t}\n\n"
    "pub fn after_tests() -> u8 {\n    1\n}\n"
)


def test_a_test_module_is_one_line_of_an_outline() -> None:
    outline = compress(SOURCE, "Rust")
    assert "mod tests { /* ... 17 lines of tests elided: tmpdir, walks_nothing, deep */ }" in (
        outline
    )
    assert "mod slow_tests { /* ... 4 lines of tests elided: long */ }" in outline
    for name in ("tmpdir", "walks_nothing", "deep", "long"):
        assert f"fn {name}" not in outline
    assert "#[test]" not in outline and "assert" not in outline
    # a module that is not only for tests keeps its members; what follows is read
    assert "pub fn to_json(w: &super::Walker) -> String { /* ... */ }" in outline
    assert "pub fn after_tests() -> u8 { /* ... */ }" in outline
    assert "pub fn new(depth: usize) -> Walker { /* ... */ }" in outline


def test_signatures_name_each_test_on_the_modules_line() -> None:
    # (as the outline does: a line each took a fifth of a Rust workspace's signatures)
    lines = signatures(SOURCE, "Rust").splitlines()
    tests = next(line for line in lines if line.startswith("mod tests"))
    assert "walks_nothing" in tests and " fn walks_nothing()" not in lines
    assert " pub fn to_json(w) -> String" in lines and "pub fn after_tests() -> u8" in lines


def test_a_string_continued_over_lines_or_a_raw_string_does_not_end_the_module_early() -> None:
    text = (
        "pub fn before() {}\n#[cfg(test)]\nmod tests {\n"
        '    const A: &str = "a\\\n        b } {";\n'
        '    const R: &str = r#"say "}" twice"#;\n'
        "    fn t() {}\n}\npub fn after() {}\npub struct Kept;\n"
    )
    lines = signatures(text, "Rust").splitlines()
    assert lines == ["pub fn before()", "mod tests { t }", "pub fn after()", "pub struct Kept"]
