// Splits question text at the image references `![alt](image:ID)` that the question importers
// write, so that the exam screen shows each image where the text names it and not as raw text.

export type ImageSegment = { kind: 'text'; content: string } | { kind: 'image'; id: string; alt: string };

const IMAGE_REFERENCE = /!\[([^\]]*)\]\(image:([^)\s]+)\)/g;

/** Splits text into plain parts and image references, in order. */
export function splitImageReferences(text: string): ImageSegment[] {
  const segments: ImageSegment[] = [];
  let last = 0;

  for (const match of text.matchAll(IMAGE_REFERENCE)) {
    const index = match.index ?? 0;
    if (index > last) segments.push({ kind: 'text', content: text.slice(last, index) });

    segments.push({ kind: 'image', id: match[2] ?? '', alt: match[1] ?? '' });
    last = index + match[0].length;
  }

  if (last < text.length) segments.push({ kind: 'text', content: text.slice(last) });

  return segments;
}

/** Returns the image ids that the texts reference. */
export function referencedImageIds(texts: string[]): Set<string> {
  const ids = new Set<string>();

  for (const text of texts) {
    for (const segment of splitImageReferences(text)) {
      if (segment.kind === 'image') ids.add(segment.id);
    }
  }

  return ids;
}
