// Text with LaTeX between $…$ (inline) or $$…$$ (display), rendered by KaTeX. Plain text stays
// React text, so only KaTeX's own output is inserted as HTML.
import katex from 'katex';
import 'katex/dist/katex.min.css';

import { splitMath } from './math-segments.js';

export { splitMath };

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
