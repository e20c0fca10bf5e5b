"""C signatures: only definitions, each on one well-formed line, whatever members and comments
stand between them."""

from repoview.compress import signatures


def test_members_whose_comments_hold_quotes_or_run_on_are_not_shown() -> None:
    # A header's struct: comments with quotes, or going on over lines, are comments still.
    c = (
        "struct proxy {\n"
        "\tint a;                  /* plain */\n"
        "\tstruct list el;                         /* attach point\n"
        "\t                                         * - continued\n"
        "\t                                         */\n"
        "\tstruct list persist_rules;\t\t/* 'force-persist' rules */\n"
        "\tstruct list loggers;    // don't log twice\n"
        "};\n"
    )
    assert signatures(c, "C") == "struct proxy\n"


def test_comments_among_parameters_leave_the_parameters_whole() -> None:
    c = (
        'struct proxy *proxy_find(const char *name, // the proxy\'s name, or "*"\n'
        "                         int cap,          /* what it can't do, or\n"
        "                                              nothing */\n"
        "                         bool *found);\n"
    )
    assert signatures(c, "C") == "struct proxy *proxy_find(const char *, int, bool *)\n"


def test_members_over_lines_and_function_pointer_parameters_are_not_shown() -> None:
    c = (
        "struct proxy {\n"
        "\tint a;\n"
        "\tstruct pool_head *req_cap_pool,\t\t/* pools */\n"
        "\t                 *rsp_cap_pool;\n"
        "\tvoid (*default_cb)(int level,\n"
        "\t                   const struct trace_source *src,\n"
        "\t                   const struct ist where, const struct ist func);\n"
        "};\n"
        "enum state { ST_INIT, ST_RUN,\n"
        "             ST_STOP };\n"
    )
    assert signatures(c, "C") == "struct proxy\nenum state\n"


def test_a_variable_whose_value_is_on_the_next_line_is_not_shown() -> None:
    c = (
        "static void f(void)\n"
        "{\n"
        "\tfor (i = 0; i < n; i++) {\n"
        "\t\tconst struct usb_endpoint *ep\n"
        "\t\t\t= &intf->endpoint[i];\n"
        "\t}\n"
        "}\n"
    )
    assert signatures(c, "C") == "static void f(void)\n"


def test_parameters_of_a_macro_typed_function_head_are_not_shown_as_types() -> None:
    # The head's return type is in a macro: its parameters are the function's, not types.
    c = (
        "INLINE_MACRO(int) validate_dir(\n"
        "\tconst char *path,\n"
        "\tstruct stat *st,\n"
        "\tstruct mkdir_options *opts)\n"
        "{\n"
        "\treturn 0;\n"
        "}\n"
        "#define X(name) name,\n"
        "struct mkdir_options {\n"
        "\tint mode;\n"
        "};\n"
    )
    assert signatures(c, "C") == (
        "INLINE_MACRO(int) validate_dir(const char *, struct stat *, struct mkdir_options *)\n"
        "#define X(name)\nstruct mkdir_options\n"
    )


def test_array_parameters_keep_their_brackets_and_short_sizes() -> None:
    c = (
        "int main(int argc, char *argv[])\n{\n\treturn 0;\n}\n\n"
        "static int helper(int values[], const char* names[], int n)\n{\n\treturn n;\n}\n\n"
        "void transform(uint64_t H[HASH_SIZE], const unsigned char block[64],\n"
        "               int m[4][4], char path[PATH_MAX_LENGTH + EXTRA_ROOM])\n{\n}\n"
    )
    assert signatures(c, "C") == (
        "int main(int, char *[])\n"
        "static int helper(int[], const char*[], int)\n"
        # (a long size says no more than `[]` does)
        "void transform(uint64_t[HASH_SIZE], const unsigned char[64], int[4][4], char[])\n"
    )


def test_an_abstract_non_copyable_class_reads_as_one() -> None:
    # LevelDB's `DB`: its methods pure, its copy deleted, its destructor virtual. Without
    # `= 0` and `= delete` it read as a concrete, copyable class, and `~DB()` went missing
    # (taken for a second `DB()`).
    cpp = (
        "class DB {\n public:\n  DB() = default;\n  DB(const DB&) = delete;\n"
        "  DB& operator=(const DB&) = delete;\n  virtual ~DB();\n"
        "  virtual Status Put(const WriteOptions& options, const Slice& key) = 0;\n"
        "  size_t Size() const;\n};\n"
        "struct Range {\n  Range(const Slice& s, const Slice& l) : start(s), limit(l) {}\n};\n"
    )
    assert signatures(cpp, "C++") == (
        "class DB\n DB()\n DB(const DB&) = delete\n DB& operator=(const DB&) = delete\n"
        " virtual ~DB()\n virtual Status Put(const WriteOptions&, const Slice&) = 0\n"
        " size_t Size()\nstruct Range\n Range(const Slice&, const Slice&)\n"
    )
