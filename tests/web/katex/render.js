// Render LaTeX strings with KaTeX, throwOnError: true.
// stdin: a JSON array of strings; stdout: a JSON array of {index, error} for each failure.
// Display mode, as st.latex renders ($$...$$ through rehype-katex).
"use strict";
const katex = require("katex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const strings = JSON.parse(input);
  const failures = [];
  strings.forEach((tex, index) => {
    try {
      katex.renderToString(tex, { displayMode: true, throwOnError: true, strict: "ignore" });
    } catch (err) {
      failures.push({ index, error: String(err.message || err) });
    }
  });
  process.stdout.write(JSON.stringify({ version: katex.version, failures }));
});
