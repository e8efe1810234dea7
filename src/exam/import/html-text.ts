// Turns the HTML that Moodle formats carry into the plain text of the question model.

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes named (the five XML ones and nbsp) and numeric character references. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/giu, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) {
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    }

    if (name.startsWith('#')) {
      return String.fromCodePoint(Number.parseInt(name.slice(1), 10));
    }

    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/**
 * Converts HTML to text: line breaks for `<br>` and block ends, tags dropped, entities decoded.
 * `imageReference` maps an `<img src>` to the text that stands for it (e.g. `![](image:ID)`).
 */
export function htmlToText(html: string, imageReference: (src: string) => string = () => ''): string {
  const withImages = html.replace(/<img\b[^>]*?\bsrc\s*=\s*"([^"]*)"[^>]*>/giu, (_, src: string) => imageReference(decodeEntities(src)));
  const withBreaks = withImages.replace(/<br\s*\/?>/giu, '\n').replace(/<\/(p|div|li|h[1-6]|tr)>/giu, '\n');
  const text = decodeEntities(withBreaks.replace(/<[^>]*>/gu, ''));
  return text.replace(/[ \t\u00a0]+/gu, ' ').replace(/ *\n */gu, '\n').replace(/\n{2,}/gu, '\n').trim();
}
