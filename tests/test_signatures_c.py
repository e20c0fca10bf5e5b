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
