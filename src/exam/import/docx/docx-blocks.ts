// Reads the body of a .docx (word/document.xml) into paragraphs of text with a mark per
// character (bold, underline or red: the ways teachers mark the right option) and tables.
// Images become `![](image:ID)` in the text; Word equations become LaTeX between `$...$`;
// equation objects (MathType, OLE) become their preview image with a note.
import JSZip from 'jszip';

import type { QuestionImage } from '../../question.js';
import type { IdSource } from '../import-result.js';
import { ommlToLatex } from './omml-to-latex.js';
import { attributeOf, childOf, childrenOf, findDeep, parseOrderedXml, tagOf, textOfNode, type XmlElement } from './ordered-xml.js';

/** A paragraph: its text, whether each UTF-16 unit of it is marked, and notes for the importer. */
export interface DocxParagraph {
  kind: 'paragraph';
  text: string;
  marks: boolean[];
  notes: string[];
}

export interface DocxTable {
  kind: 'table';
  /** Cell texts, row by row. */
  rows: string[][];
  /** The paragraphs of every cell, in reading order, for tables that hold questions. */
  paragraphs: DocxParagraph[];
}

export type DocxBlock = DocxParagraph | DocxTable;

export interface DocxContent {
  blocks: DocxBlock[];
  images: Map<string, QuestionImage>;
}

const MEDIA_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', bmp: 'image/bmp', svg: 'image/svg+xml', wmf: 'image/x-wmf', emf: 'image/x-emf', tif: 'image/tiff', tiff: 'image/tiff' };

/** Minimum red and maximum green and blue (0-255) of a font colour that counts as red. */
const RED_MIN = 0xb0;
const RED_OTHER_MAX = 0x60;

interface ReadContext {
  zip: JSZip;
  relationships: Map<string, string>;
  images: Map<string, QuestionImage>;
  imageIdsByTarget: Map<string, string>;
  newId: IdSource;
}

/** Opens a .docx and reads its body. Throws when the file is not a Word document. */
export async function readDocx(bytes: Uint8Array, newId: IdSource): Promise<DocxContent> {
  const zip = await JSZip.loadAsync(bytes);
  const documentFile = zip.file('word/document.xml');

  if (documentFile === null) {
    throw new Error('word/document.xml is missing: the file is not a Word .docx document');
  }

  const relationships = new Map<string, string>();
  const relsFile = zip.file('word/_rels/document.xml.rels');

  if (relsFile !== null) {
    for (const match of (await relsFile.async('string')).matchAll(/<Relationship\b[^>]*>/gu)) {
      const id = /\bId="([^"]+)"/u.exec(match[0])?.[1];
      const target = /\bTarget="([^"]+)"/u.exec(match[0])?.[1];

      if (id !== undefined && target !== undefined) {
        relationships.set(id, target);
      }
    }
  }

  const context: ReadContext = { zip, relationships, images: new Map(), imageIdsByTarget: new Map(), newId };
  const root = parseOrderedXml(await documentFile.async('string'));
  const documentElement = root.find((element) => tagOf(element) === 'w:document');
  const body = documentElement === undefined ? undefined : childOf(documentElement, 'w:body');

  if (body === undefined) {
    throw new Error('word/document.xml has no w:body element');
  }

  const blocks: DocxBlock[] = [];
  await readBlocks(childrenOf(body), context, blocks);
  return { blocks, images: context.images };
}

async function readBlocks(elements: XmlElement[], context: ReadContext, blocks: DocxBlock[]): Promise<void> {
  for (const element of elements) {
    const tag = tagOf(element);

    if (tag === 'w:p') {
      blocks.push(await readParagraph(element, context));
    } else if (tag === 'w:tbl') {
      blocks.push(await readTable(element, context));
    } else if (tag === 'w:sdt' || tag === 'w:sdtContent' || tag === 'w:customXml') {
      await readBlocks(childrenOf(element), context, blocks);
    }
  }
}

async function readTable(table: XmlElement, context: ReadContext): Promise<DocxTable> {
  const rows: string[][] = [];
  const paragraphs: DocxParagraph[] = [];

  for (const row of childrenOf(table).filter((child) => tagOf(child) === 'w:tr')) {
    const cells: string[] = [];

    for (const cell of childrenOf(row).filter((child) => tagOf(child) === 'w:tc')) {
      const cellBlocks: DocxBlock[] = [];
      await readBlocks(childrenOf(cell), context, cellBlocks);
      const cellParagraphs = cellBlocks.flatMap((block) => (block.kind === 'paragraph' ? [block] : block.paragraphs));
      paragraphs.push(...cellParagraphs);
      cells.push(cellParagraphs.map((paragraph) => paragraph.text).join(' ').trim());
    }

    rows.push(cells);
  }

  return { kind: 'table', rows, paragraphs };
}

class ParagraphBuilder {
  text = '';
  marks: boolean[] = [];
  notes: string[] = [];

  append(text: string, marked: boolean): void {
    this.text += text;

    for (let i = 0; i < text.length; i += 1) {
      this.marks.push(marked);
    }
  }
}

async function readParagraph(paragraph: XmlElement, context: ReadContext): Promise<DocxParagraph> {
  const builder = new ParagraphBuilder();
  await readInline(childrenOf(paragraph), context, builder);
  return { kind: 'paragraph', text: builder.text, marks: builder.marks, notes: builder.notes };
}

async function readInline(elements: XmlElement[], context: ReadContext, builder: ParagraphBuilder): Promise<void> {
  for (const element of elements) {
    const tag = tagOf(element);

    switch (tag) {
      case 'w:r':
        await readRun(element, context, builder);
        break;

      case 'm:oMathPara':
        for (const math of childrenOf(element).filter((child) => tagOf(child) === 'm:oMath')) {
          appendMath(math, builder, '$$');
        }

        break;

      case 'm:oMath':
        appendMath(element, builder, '$');
        break;

      case 'w:pPr':
      case 'w:rPr':
      case 'w:del':
      case 'w:moveFrom':
      case 'w:bookmarkStart':
      case 'w:bookmarkEnd':
      case 'w:proofErr':
        break;

      default:
        await readInline(childrenOf(element), context, builder);
    }
  }
}

function appendMath(math: XmlElement, builder: ParagraphBuilder, delimiter: string): void {
  const { latex, unsupported } = ommlToLatex(math);

  if (unsupported.length > 0) {
    builder.notes.push(`the equation "${latex}" uses ${unsupported.join(', ')}, which was converted approximately; check the formula`);
  }

  builder.append(` ${delimiter}${latex}${delimiter} `, false);
}

/** Whether run properties mark the text: bold, underline or a red font colour. */
function isMarked(properties: XmlElement | undefined): boolean {
  if (properties === undefined) {
    return false;
  }

  const isOn = (tag: string): boolean => {
    const setting = childOf(properties, tag);
    const value = setting === undefined ? undefined : attributeOf(setting, 'w:val');
    return setting !== undefined && value !== '0' && value !== 'false' && value !== 'none';
  };

  const color = childOf(properties, 'w:color');
  const hex = color === undefined ? undefined : attributeOf(color, 'w:val');
  let red = false;

  if (hex !== undefined && /^[0-9a-f]{6}$/iu.test(hex)) {
    const value = Number.parseInt(hex, 16);
    red = (value >> 16) >= RED_MIN && ((value >> 8) & 0xff) <= RED_OTHER_MAX && (value & 0xff) <= RED_OTHER_MAX;
  }

  return isOn('w:b') || isOn('w:u') || red;
}

async function readRun(run: XmlElement, context: ReadContext, builder: ParagraphBuilder): Promise<void> {
  const marked = isMarked(childOf(run, 'w:rPr'));

  for (const child of childrenOf(run)) {
    const tag = tagOf(child);

    if (tag === 'w:t') {
      builder.append(childrenOf(child).map(textOfNode).join(''), marked);
    } else if (tag === 'w:tab') {
      builder.append(' ', false);
    } else if (tag === 'w:br' || tag === 'w:cr') {
      builder.append('\n', false);
    } else if (tag === 'w:drawing' || tag === 'mc:AlternateContent' || tag === 'w:pict') {
      const blip = findDeep(child, 'a:blip');
      const imageData = findDeep(child, 'v:imagedata');
      const relationshipId = (blip === undefined ? undefined : attributeOf(blip, 'r:embed')) ?? (imageData === undefined ? undefined : attributeOf(imageData, 'r:id'));
      await appendImage(relationshipId, context, builder);
    } else if (tag === 'w:object') {
      const imageData = findDeep(child, 'v:imagedata');
      const relationshipId = imageData === undefined ? undefined : attributeOf(imageData, 'r:id');
      builder.notes.push('an equation object (MathType or another OLE object) is kept as its preview image; retype it as a Word equation to get LaTeX');
      await appendImage(relationshipId, context, builder);
    }
  }
}

async function appendImage(relationshipId: string | undefined, context: ReadContext, builder: ParagraphBuilder): Promise<void> {
  const target = relationshipId === undefined ? undefined : context.relationships.get(relationshipId);

  if (target === undefined) {
    builder.notes.push('an image could not be found in the document package and was dropped');
    return;
  }

  const path = target.startsWith('/') ? target.slice(1) : `word/${target}`;
  let id = context.imageIdsByTarget.get(path);

  if (id === undefined) {
    const file = context.zip.file(path);

    if (file === null) {
      builder.notes.push(`the image ${path} is missing from the document package and was dropped`);
      return;
    }

    const extension = path.split('.').at(-1)?.toLowerCase() ?? '';
    id = context.newId();
    context.imageIdsByTarget.set(path, id);
    context.images.set(id, { id, mediaType: MEDIA_TYPES[extension] ?? 'application/octet-stream', dataBase64: await file.async('base64') });

    if (extension === 'wmf' || extension === 'emf') {
      builder.notes.push(`the image ${path} is in ${extension.toUpperCase()} format, which browsers do not display; replace it with PNG`);
    }
  }

  builder.append(`![](image:${id})`, false);
}
