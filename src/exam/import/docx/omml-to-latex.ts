// Converts Office Math Markup (OMML, ECMA-376 Part 1 §22.1) to LaTeX for KaTeX. Covered:
// runs, fractions, sub/superscripts, radicals, delimiters, n-ary operators, functions, limits,
// bars, accents, group characters, matrices and equation arrays. Any other element is converted
// through its children and reported, so the importer can warn that the formula needs a check.
import { attributeOf, childOf, childrenOf, type XmlElement, tagOf, textOfNode } from './ordered-xml.js';

const SYMBOLS: Record<string, string> = {
  'α': '\\alpha', 'β': '\\beta', 'γ': '\\gamma', 'δ': '\\delta', 'ε': '\\varepsilon', 'ζ': '\\zeta', 'η': '\\eta', 'θ': '\\theta',
  'λ': '\\lambda', 'μ': '\\mu', 'ν': '\\nu', 'ξ': '\\xi', 'π': '\\pi', 'ρ': '\\rho', 'σ': '\\sigma', 'τ': '\\tau', 'φ': '\\varphi',
  'ϕ': '\\phi', 'χ': '\\chi', 'ψ': '\\psi', 'ω': '\\omega', 'Δ': '\\Delta', 'Γ': '\\Gamma', 'Θ': '\\Theta', 'Λ': '\\Lambda',
  'Π': '\\Pi', 'Σ': '\\Sigma', 'Φ': '\\Phi', 'Ψ': '\\Psi', 'Ω': '\\Omega',
  '≤': '\\le', '≥': '\\ge', '≠': '\\ne', '≈': '\\approx', '≡': '\\equiv', '±': '\\pm', '∓': '\\mp', '×': '\\times', '÷': '\\div',
  '·': '\\cdot', '⋅': '\\cdot', '∞': '\\infty', '→': '\\to', '←': '\\leftarrow', '⇒': '\\Rightarrow', '⇔': '\\Leftrightarrow',
  '∈': '\\in', '∉': '\\notin', '⊂': '\\subset', '⊃': '\\supset', '⊆': '\\subseteq', '∪': '\\cup', '∩': '\\cap', '∅': '\\varnothing',
  '∀': '\\forall', '∃': '\\exists', '∂': '\\partial', '∇': '\\nabla', '°': '^{\\circ}', '∠': '\\angle', '⊥': '\\perp', '∥': '\\parallel',
  '′': "'", '…': '\\ldots', '⋯': '\\cdots', 'ℝ': '\\mathbb{R}', 'ℕ': '\\mathbb{N}', 'ℤ': '\\mathbb{Z}', 'ℚ': '\\mathbb{Q}', '−': '-',
  '{': '\\{', '}': '\\}', '%': '\\%', '#': '\\#', '$': '\\$',
};

const NARY: Record<string, string> = { '∑': '\\sum', '∏': '\\prod', '∫': '\\int', '∬': '\\iint', '∭': '\\iiint', '∮': '\\oint', '⋃': '\\bigcup', '⋂': '\\bigcap' };
const FUNCTIONS = new Set(['sin', 'cos', 'tan', 'cot', 'sec', 'csc', 'log', 'ln', 'lg', 'exp', 'lim', 'max', 'min', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh']);
const ACCENTS: Record<string, string> = { '\u0302': '\\hat', '\u0303': '\\tilde', '\u0304': '\\bar', '\u0305': '\\overline', '\u20d7': '\\vec', '\u0307': '\\dot', '\u0308': '\\ddot', '\u20d6': '\\overleftarrow', '\u2192': '\\vec' };
const DELIMITERS: Record<string, string> = { '(': '(', ')': ')', '[': '[', ']': ']', '{': '\\{', '}': '\\}', '|': '|', '‖': '\\|', '⟨': '\\langle', '⟩': '\\rangle', '⌊': '\\lfloor', '⌋': '\\rfloor', '⌈': '\\lceil', '⌉': '\\rceil', '': '.' };

/** The LaTeX of a formula and the OMML elements it could not convert exactly. */
export interface LatexConversion {
  latex: string;
  unsupported: string[];
}

/** Converts the children of an `m:oMath` element. */
export function ommlToLatex(math: XmlElement): LatexConversion {
  const unsupported = new Set<string>();
  const latex = convertChildren(childrenOf(math), unsupported).replace(/\s+/gu, ' ').trim();
  return { latex, unsupported: [...unsupported] };
}

function property(element: XmlElement, propertiesTag: string, name: string): string | undefined {
  const properties = childOf(element, propertiesTag);
  const setting = properties === undefined ? undefined : childOf(properties, name);
  return setting === undefined ? undefined : attributeOf(setting, 'm:val') ?? '';
}

function part(element: XmlElement, tag: string, unsupported: Set<string>): string {
  const child = childOf(element, tag);
  return child === undefined ? '' : convertChildren(childrenOf(child), unsupported);
}

function convertText(text: string): string {
  let result = '';

  for (const char of text) {
    const symbol = SYMBOLS[char];
    result += symbol === undefined ? char : /^\\[a-zA-Z]+$/u.test(symbol) ? `${symbol} ` : symbol;
  }

  return result;
}

function convertChildren(children: XmlElement[], unsupported: Set<string>): string {
  return children.map((child) => convertElement(child, unsupported)).join('');
}

function convertElement(element: XmlElement, unsupported: Set<string>): string {
  const tag = tagOf(element);

  if (tag.endsWith('Pr') || tag === 'w:rPr') {
    return '';
  }

  switch (tag) {
    case 'm:r': {
      const text = childrenOf(element).filter((child) => tagOf(child) === 'm:t').map((child) => childrenOf(child).map(textOfNode).join('')).join('');
      const trimmed = text.trim();
      return FUNCTIONS.has(trimmed) ? `\\${trimmed} ` : convertText(text);
    }

    case 'm:f': {
      const type = property(element, 'm:fPr', 'm:type');
      const numerator = part(element, 'm:num', unsupported);
      const denominator = part(element, 'm:den', unsupported);
      return type === 'lin' ? `${numerator}/${denominator}` : type === 'noBar' ? `\\binom{${numerator}}{${denominator}}` : `\\frac{${numerator}}{${denominator}}`;
    }

    case 'm:sSup':
      return `{${part(element, 'm:e', unsupported)}}^{${part(element, 'm:sup', unsupported)}}`;

    case 'm:sSub':
      return `{${part(element, 'm:e', unsupported)}}_{${part(element, 'm:sub', unsupported)}}`;

    case 'm:sSubSup':
      return `{${part(element, 'm:e', unsupported)}}_{${part(element, 'm:sub', unsupported)}}^{${part(element, 'm:sup', unsupported)}}`;

    case 'm:sPre':
      return `{}_{${part(element, 'm:sub', unsupported)}}^{${part(element, 'm:sup', unsupported)}}{${part(element, 'm:e', unsupported)}}`;

    case 'm:rad': {
      const degree = part(element, 'm:deg', unsupported).trim();
      const hidden = property(element, 'm:radPr', 'm:degHide');
      const body = part(element, 'm:e', unsupported);
      return degree === '' || hidden === '1' || hidden === 'on' || hidden === '' ? `\\sqrt{${body}}` : `\\sqrt[${degree}]{${body}}`;
    }

    case 'm:d':
      return convertDelimiter(element, unsupported);

    case 'm:nary': {
      const char = property(element, 'm:naryPr', 'm:chr') ?? '∫';
      const command = NARY[char] ?? convertText(char);
      const subHidden = property(element, 'm:naryPr', 'm:subHide');
      const supHidden = property(element, 'm:naryPr', 'm:supHide');
      const sub = subHidden === '1' || subHidden === 'on' ? '' : part(element, 'm:sub', unsupported);
      const sup = supHidden === '1' || supHidden === 'on' ? '' : part(element, 'm:sup', unsupported);
      return `${command}${sub === '' ? '' : `_{${sub}}`}${sup === '' ? '' : `^{${sup}}`} ${part(element, 'm:e', unsupported)}`;
    }

    case 'm:func':
      return `${part(element, 'm:fName', unsupported)}{${part(element, 'm:e', unsupported)}}`;

    case 'm:limLow':
      return `${part(element, 'm:e', unsupported)}_{${part(element, 'm:lim', unsupported)}}`;

    case 'm:limUpp':
      return `\\overset{${part(element, 'm:lim', unsupported)}}{${part(element, 'm:e', unsupported)}}`;

    case 'm:bar':
      return property(element, 'm:barPr', 'm:pos') === 'bot' ? `\\underline{${part(element, 'm:e', unsupported)}}` : `\\overline{${part(element, 'm:e', unsupported)}}`;

    case 'm:acc': {
      const char = property(element, 'm:accPr', 'm:chr') ?? '\u0302';
      const command = ACCENTS[char];

      if (command === undefined) {
        unsupported.add(`m:acc with accent U+${char.codePointAt(0)?.toString(16).toUpperCase().padStart(4, '0')}`);
      }

      return `${command ?? '\\hat'}{${part(element, 'm:e', unsupported)}}`;
    }

    case 'm:groupChr': {
      const char = property(element, 'm:groupChrPr', 'm:chr') ?? '⏟';
      return `${char === '⏞' ? '\\overbrace' : '\\underbrace'}{${part(element, 'm:e', unsupported)}}`;
    }

    case 'm:m': {
      const rows = childrenOf(element).filter((child) => tagOf(child) === 'm:mr').map((row) => childrenOf(row).filter((cell) => tagOf(cell) === 'm:e').map((cell) => convertChildren(childrenOf(cell), unsupported)).join(' & '));
      return `\\begin{matrix} ${rows.join(' \\\\ ')} \\end{matrix}`;
    }

    case 'm:eqArr': {
      const rows = childrenOf(element).filter((child) => tagOf(child) === 'm:e').map((row) => convertChildren(childrenOf(row), unsupported));
      return `\\begin{array}{l} ${rows.join(' \\\\ ')} \\end{array}`;
    }

    case 'm:box':
    case 'm:borderBox':
    case 'm:phant':
    case 'm:e':
    case 'm:num':
    case 'm:den':
    case 'm:sub':
    case 'm:sup':
    case 'm:deg':
    case 'm:fName':
    case 'm:lim':
    case 'm:oMath':
      return convertChildren(childrenOf(element), unsupported);

    case '#text':
      return '';

    default:
      unsupported.add(tag);
      return convertChildren(childrenOf(element), unsupported);
  }
}

function convertDelimiter(element: XmlElement, unsupported: Set<string>): string {
  const begin = property(element, 'm:dPr', 'm:begChr') ?? '(';
  const end = property(element, 'm:dPr', 'm:endChr') ?? ')';
  const separator = property(element, 'm:dPr', 'm:sepChr') ?? '|';
  const items = childrenOf(element).filter((child) => tagOf(child) === 'm:e').map((child) => convertChildren(childrenOf(child), unsupported));
  const left = DELIMITERS[begin] ?? convertText(begin);
  const right = DELIMITERS[end] ?? convertText(end);
  return `\\left${left} ${items.join(` ${DELIMITERS[separator] ?? separator} `)} \\right${right}`;
}
