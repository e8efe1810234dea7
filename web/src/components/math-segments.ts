// Splits question text into plain parts and LaTeX formulas; kept free of KaTeX and the DOM so
// that it runs in unit tests.

export interface Segment {
  kind: 'text' | 'inline' | 'display';
  content: string;
}

/** Splits text into plain parts and formulas; a lone `$` stays text. `\$` is a literal dollar. */
export function splitMath(text: string): Segment[] {
  const segments: Segment[] = [];
  const pattern = /\$\$([\s\S]+?)\$\$|(?<!\\)\$([^$\n]+?)(?<!\\)\$/g;
  let last = 0;

  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) segments.push({ kind: 'text', content: text.slice(last, index) });

    if (match[1] !== undefined) {
      segments.push({ kind: 'display', content: match[1] });
    } else {
      segments.push({ kind: 'inline', content: match[2] ?? '' });
    }

    last = index + match[0].length;
  }

  if (last < text.length) segments.push({ kind: 'text', content: text.slice(last) });

  return segments.map((segment) => (segment.kind === 'text' ? { ...segment, content: segment.content.replace(/\\\$/g, '$') } : segment));
}

