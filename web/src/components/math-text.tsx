// Text with LaTeX between $…$ (inline) or $$…$$ (display), rendered by KaTeX. Plain text stays
// React text, so only KaTeX's own output is inserted as HTML.
import katex from 'katex';
import 'katex/dist/katex.min.css';

interface Segment {
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

/** Renders a formula; returns KaTeX's HTML, or its error message when the LaTeX is invalid. */
export function renderFormula(latex: string, displayMode: boolean): { html: string } | { error: string } {
  try {
    return { html: katex.renderToString(latex, { displayMode, throwOnError: true, trust: false, output: 'htmlAndMathml' }) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

export function MathText({ text }: { text: string }) {
  return (
    <>
      {splitMath(text).map((segment, index) => {
        if (segment.kind === 'text') return <span key={index}>{segment.content}</span>;

        const rendered = renderFormula(segment.content, segment.kind === 'display');
        if ('error' in rendered) {
          return <code key={index} className="formula-error" title={rendered.error}>{segment.content}</code>;
        }

        const Tag = segment.kind === 'display' ? 'div' : 'span';
        return <Tag key={index} dangerouslySetInnerHTML={{ __html: rendered.html }} />;
      })}
    </>
  );
}
