import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ommlToLatex } from '../../../src/exam/import/docx/omml-to-latex.js';
import { parseOrderedXml, type XmlElement } from '../../../src/exam/import/docx/ordered-xml.js';

const NS = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"';

function convert(inner: string): { latex: string; unsupported: string[] } {
  const [math] = parseOrderedXml(`<m:oMath ${NS}>${inner}</m:oMath>`) as XmlElement[];
  return ommlToLatex(math!);
}

const run = (text: string): string => `<m:r><m:t>${text}</m:t></m:r>`;

describe('OMML to LaTeX', () => {
  const cases: [string, string, string][] = [
    ['fraction', `<m:f><m:num>${run('a')}</m:num><m:den>${run('b')}</m:den></m:f>`, '\\frac{a}{b}'],
    ['superscript', `<m:sSup><m:e>${run('x')}</m:e><m:sup>${run('2')}</m:sup></m:sSup>`, '{x}^{2}'],
    ['subscript', `<m:sSub><m:e>${run('u')}</m:e><m:sub>${run('n')}</m:sub></m:sSub>`, '{u}_{n}'],
    ['square root', `<m:rad><m:radPr><m:degHide m:val="1"/></m:radPr><m:deg/><m:e>${run('2')}</m:e></m:rad>`, '\\sqrt{2}'],
    ['cube root', `<m:rad><m:deg>${run('3')}</m:deg><m:e>${run('x')}</m:e></m:rad>`, '\\sqrt[3]{x}'],
    ['parentheses', `<m:d><m:e>${run('x+1')}</m:e></m:d>`, '\\left( x+1 \\right)'],
    ['system of equations', `<m:d><m:dPr><m:begChr m:val="{"/><m:endChr m:val=""/></m:dPr><m:e><m:eqArr><m:e>${run('x=1')}</m:e><m:e>${run('y=2')}</m:e></m:eqArr></m:e></m:d>`, '\\left\\{ \\begin{array}{l} x=1 \\\\ y=2 \\end{array} \\right.'],
    ['integral with limits', `<m:nary><m:sub>${run('0')}</m:sub><m:sup>${run('1')}</m:sup><m:e>${run('x dx')}</m:e></m:nary>`, '\\int_{0}^{1} x dx'],
    ['sum', `<m:nary><m:naryPr><m:chr m:val="∑"/></m:naryPr><m:sub>${run('k=1')}</m:sub><m:sup>${run('n')}</m:sup><m:e>${run('k')}</m:e></m:nary>`, '\\sum_{k=1}^{n} k'],
    ['function', `<m:func><m:fName>${run('sin')}</m:fName><m:e>${run('x')}</m:e></m:func>`, '\\sin {x}'],
    ['vector accent', `<m:acc><m:accPr><m:chr m:val="⃗"/></m:accPr><m:e>${run('AB')}</m:e></m:acc>`, '\\vec{AB}'],
    ['symbols', run('α≤π'), '\\alpha \\le \\pi'],
  ];

  for (const [name, xml, expected] of cases) {
    it(`converts a ${name}`, () => {
      const result = convert(xml);
      assert.equal(result.latex, expected);
      assert.deepEqual(result.unsupported, []);
    });
  }

  it('reports an unknown construct', () => {
    const result = convert(`<m:unknownThing>${run('x')}</m:unknownThing>`);
    assert.equal(result.latex, 'x');
    assert.deepEqual(result.unsupported, ['m:unknownThing']);
  });
});
