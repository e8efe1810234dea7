// The question model writes formulas between `$...$` (inline) and `$$...$$` (display); Moodle
// and MathJax write `\(...\)` and `\[...\]`. These convert between the two.

/** Converts `$$x$$` to `\[x\]` and `$x$` to `\(x\)`. An unpaired `$` stays as it is. */
export function toMathJaxDelimiters(text: string): string {
  return text.replace(/\$\$([^$]+)\$\$/gu, '\\[$1\\]').replace(/\$([^$\n]+)\$/gu, '\\($1\\)');
}

/** Converts `\[x\]` to `$$x$$` and `\(x\)` to `$x$`. */
export function fromMathJaxDelimiters(text: string): string {
  return text.replace(/\\\[([\s\S]+?)\\\]/gu, '$$$$$1$$$$').replace(/\\\(([\s\S]+?)\\\)/gu, '$$$1$$');
}
