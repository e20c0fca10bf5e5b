"""Signatures that told the reader the wrong thing: a method's binding lost behind a decorator
over several lines, and a C function listed once per way its declarations spell it."""

from repoview.compress import signatures


def test_a_binding_decorator_is_kept_whatever_decorators_follow_it() -> None:
    message = "use model_validate_json instead, it reads the text and checks it at once"
    py = (
        "class Model:\n"
        "    @classmethod\n"
        "    @typing_extensions.deprecated(\n"
        f"        '{message}',\n"
        "        category=None,\n"
        "    )\n"
        "    def parse_raw(cls, b, *, content_type=None):\n"
        "        return b\n\n"
        "    @property\n"
        "    @deprecated(\n"
        f'        "{message}", key={{"a": (1, 2)}}  # a comment with a ( in it\n'
        "    )\n"
        "    # a comment between the decorators and the definition\n"
        "    @functools.lru_cache(maxsize=None)\n"
        "    def __fields__(self):\n"
        "        return {}\n\n"
        "    @staticmethod\n"
        '    @register("""\n'
        "        a text over lines, with a ) in it\n"
        '    """)\n'
        "    def build(x):\n"
        "        return x\n\n"
        "    @classmethod\n"
        '    @deprecated("use build", category=None,\n'
        "                stacklevel=2)\n"
        "    def make(cls, x):\n"
        "        return x\n"
    )
    assert signatures(py, "Python") == (
        "class Model\n"
        " @classmethod def parse_raw(b, *, content_type=None)\n"
        " @property def __fields__()\n"
        " @staticmethod def build(x)\n"
        " @classmethod def make(x)\n"
    )


def test_decorators_in_strings_and_comments_and_code_above_do_not_count() -> None:
    py = (
        "class Model:\n"
        "    @classmethod\n"
        "    def make(cls):\n"
        "        return call(\n"
        "            1,\n"
        "        )\n"
        "    def plain(self, a):\n"
        "        pass\n\n"
        "    # @staticmethod\n"
        "    @route(\n"
        '        doc="""\n'
        "    @property\n"
        '    """,\n'
        "    )\n"
        "    def view(self):\n"
        "        pass\n\n"
        "    names = ['@classmethod', (1)]\n"
        "    def after_a_list(self, b):\n"
        "        pass\n\n"
        '    usage = """Use it as @classmethod, or as\n'
        '    @staticmethod (either works)"""\n'
        "    def after_a_text(self, c):\n"
        "        pass\n"
    )
    assert signatures(py, "Python") == (
        "class Model\n"
        " @classmethod def make()\n"
        " def plain(a)\n"
        " def view()\n"
        " def after_a_list(b)\n"
        " def after_a_text(c)\n"
    )


def test_a_c_function_declared_above_in_other_words_is_shown_once_and_others_stay() -> None:
    c = (
        "#define __unused __attribute__((unused))\n"
        "static void server_accept(int, short, void *);\n"
        "static int server_loop(void);\n"
        "int api_open(const char*, size_type);\n"
        "static char *med3(char *, int (*)(const void *, const void *));\n"
        "\n"
        "static void\n"
        "server_accept(int fd, short events, __unused void *data)\n"
        "{\n"
        "  return;\n"
        "}\n\n"
        "static int\n"
        "server_loop(void)\n"
        "{\n"
        "  return 0;\n"
        "}\n\n"
        "int\n"
        "api_open(const char *path, size_t flags)\n"
        "{\n"
        "  return 0;\n"
        "}\n\n"
        "static char *\n"
        "med3(char *a, int (*cmp)(const void *, const void *))\n"
        "{\n"
        "  return a;\n"
        "}\n"
    )
    assert signatures(c, "C") == (
        "static void server_accept(int, short, void *)\n"
        "static int server_loop(void)\n"
        # the definition's words, in the prototype's place
        "int api_open(const char *, size_t)\n"
        "static char * med3(char *, int (*cmp)(const void *, const void *))\n"
    )
    # Two definitions (`#ifdef` branches), a prototype with another count of parameters, a
    # `static` body after a prototype that is not: not one function written twice.
    c = (
        "void cond_wait(pthread_cond_t *);\n"
        "static void setup_key(const unsigned char *, struct des_ctx *, int);\n"
        "#ifdef _WIN32\n"
        "void cond_wait(CONDITION_VARIABLE *c)\n{\n}\n"
        "#else\n"
        "void cond_wait(pthread_cond_t *c)\n{\n}\n"
        "#endif\n"
        "static void setup_key(const unsigned char *k, Des *d)\n{\n}\n"
        "#ifdef USE_THREAD\n"
        "void thread_isolate(void);\n"
        "#else\n"
        "static inline void thread_isolate()\n{\n}\n"
        "#endif\n"
    )
    assert signatures(c, "C") == (
        "void cond_wait(pthread_cond_t *)\n"
        "static void setup_key(const unsigned char *, struct des_ctx *, int)\n"
        "void cond_wait(CONDITION_VARIABLE *)\n"
        "static void setup_key(const unsigned char *, Des *)\n"
        "void thread_isolate(void)\n"
        "static inline void thread_isolate()\n"
    )
