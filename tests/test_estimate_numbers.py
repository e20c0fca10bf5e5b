"""A file's estimated tokens count its numbers: a table of hexadecimal literals takes about
twice the tokens its length says for code, and the plan must not take it for cheap."""

from __future__ import annotations

import random

from repoview.model import PackedFile
from repoview.plan import Fitter
from repoview.render.tree import numbers, whole_size
from repoview.tokens import load_encoding

_rng = random.Random(7)
TABLE = (
    '#include "crc32c.h"\n\nstatic const uint32_t kTable[256] = {\n'
    + "".join(
        "    " + ", ".join(f"0x{_rng.getrandbits(32):08x}" for _ in range(6)) + ",\n"
        for _ in range(43)
    )
    + "};\n\nuint32_t Extend(uint32_t crc, const char* data, size_t n) {\n"
    "  for (size_t i = 0; i < n; i++) {\n"
    "    crc = kTable[(crc ^ data[i]) & 0xff] ^ (crc >> 8);\n  }\n  return crc;\n}\n"
)
CODE = (
    "static int compare_keys(const struct entry *a, const struct entry *b) {\n"
    "  if (a->length != b->length) {\n    return a->length < b->length ? -1 : 1;\n  }\n"
    "  return memcmp(a->key, b->key, a->length);\n}\n"
) * 20
CSHARP = (
    "using System;\n"
    "using System.Collections.Generic;\n"
    "\n"
    "namespace Acme.Serialization\n"
    "{\n"
    "    /// <summary>\n"
    "    /// Writes values to a stream, one token at a time.\n"
    "    /// </summary>\n"
    "    public class TokenWriter : IDisposable\n"
    "    {\n"
    "        private readonly List<string> _buffer = new List<string>();\n"
    "        private int _depth;\n"
    "\n"
    "        public TokenWriter(int capacity)\n"
    "        {\n"
    "            if (capacity < 0)\n"
    "            {\n"
    "                throw new ArgumentOutOfRangeException(nameof(capacity));\n"
    "            }\n"
    "            _buffer.Capacity = capacity;\n"
    "        }\n"
    "\n"
    "        public void WriteStartObject()\n"
    "        {\n"
    "            _depth++;\n"
    '            _buffer.Add("{");\n'
    "        }\n"
    "\n"
    "        public void WriteEndObject()\n"
    "        {\n"
    "            if (_depth == 0)\n"
    "            {\n"
    '                throw new InvalidOperationException("No object to close.");\n'
    "            }\n"
    "            _depth--;\n"
    '            _buffer.Add("}");\n'
    "        }\n"
    "\n"
    "        public void WritePropertyName(string name)\n"
    "        {\n"
    "            _buffer.Add(name);\n"
    "        }\n"
    "\n"
    "        public void Dispose()\n"
    "        {\n"
    "            _buffer.Clear();\n"
    "        }\n"
    "    }\n"
    "}\n"
)
DECIMALS = "".join(f"    ({i}, {i * 7919 % 100003}, {i * 104729 % 1000003}),\n" for i in range(400))


def _file(path: str, text: str, language: str = "C") -> PackedFile:
    return PackedFile(path=path, language=language, role="source", size=len(text), text=text)


def _tokens(text: str) -> int:
    return len(load_encoding("o200k_base").encode_ordinary(text))


def test_a_hex_table_is_estimated_near_its_count() -> None:
    f = _file("util/crc32c.c", TABLE)
    assert 0.8 <= whole_size(f) / _tokens(TABLE) <= 1.25
    assert numbers(_file("db/keys.c", CODE)) == 1.0  # code's few numbers change nothing


def test_decimal_numbers_are_estimated_up_less_than_hex() -> None:
    f = _file("data/primes.py", "PRIMES = [\n" + DECIMALS + "]\n", "Python")
    assert 1.2 < numbers(f) < numbers(_file("util/crc32c.c", TABLE))
    assert 0.75 <= whole_size(f) / _tokens(f.full_text) <= 1.3


def test_the_plan_costs_a_table_at_its_count() -> None:
    files = [_file("util/crc32c.c", TABLE), _file("db/keys.c", CODE)]
    fitter = Fitter(10_000, files, lambda changes: None, lambda: 0)
    items = fitter._items(dict.fromkeys(("full", "compressed", "signatures"), 1.0))
    assert items[0].costs["full"] >= 0.9 * _tokens(TABLE)


def test_csharp_is_estimated_at_its_own_rate() -> None:
    # C#'s four-space indentation and long names: about 4.8 characters a token (3.6 said a
    # third more than it takes).
    text = CSHARP * 6
    estimate = whole_size(_file("src/TokenWriter.cs", text, "C#"))
    assert abs(estimate - _tokens(text)) <= 0.15 * _tokens(text)
