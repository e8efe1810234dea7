// Helpers over fast-xml-parser's `preserveOrder` output, where every element is an object with
// one tag key holding its children in document order and an optional ':@' key of attributes.
import { XMLParser } from 'fast-xml-parser';

export type XmlElement = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
});

/** Parses XML into ordered elements. */
export function parseOrderedXml(xml: string): XmlElement[] {
  return parser.parse(xml) as XmlElement[];
}

/** Returns the tag of an element, or `#text` for a text node. */
export function tagOf(element: XmlElement): string {
  return Object.keys(element).find((key) => key !== ':@') ?? '';
}

export function childrenOf(element: XmlElement): XmlElement[] {
  const value = element[tagOf(element)];
  return Array.isArray(value) ? (value as XmlElement[]) : [];
}

export function textOfNode(element: XmlElement): string {
  const value = element['#text'];
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

export function attributeOf(element: XmlElement, name: string): string | undefined {
  const attributes = element[':@'] as Record<string, unknown> | undefined;
  const value = attributes?.[`@_${name}`];
  return value === undefined ? undefined : String(value);
}

/** Returns the first child with the given tag. */
export function childOf(element: XmlElement, tag: string): XmlElement | undefined {
  return childrenOf(element).find((child) => tagOf(child) === tag);
}

/** Returns the first element with the given tag anywhere below `element`. */
export function findDeep(element: XmlElement, tag: string): XmlElement | undefined {
  for (const child of childrenOf(element)) {
    if (tagOf(child) === tag) {
      return child;
    }

    const found = findDeep(child, tag);

    if (found !== undefined) {
      return found;
    }
  }

  return undefined;
}

/** Concatenates every text node below `element`. */
export function allText(element: XmlElement): string {
  if (tagOf(element) === '#text') {
    return textOfNode(element);
  }

  return childrenOf(element).map((child) => allText(child)).join('');
}
