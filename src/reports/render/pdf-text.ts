import { FONT, TEXT_FEATURES, type FontFace } from './pdf-fonts.js';

/** The A4 page with the margins that Vietnamese administrative documents use (left 30 mm, others 20 mm). */
export const PAGE = {
  size: 'A4' as const,
  marginTop: 57,
  marginBottom: 57,
  marginLeft: 85,
  marginRight: 57,
};

export interface TextStyle {
  face?: FontFace;
  size?: number;
  align?: 'left' | 'center' | 'right';
  width: number;
  underline?: boolean;
}

/** Prints text in NFC at a position and returns the height it took. */
export function printText(doc: PDFKit.PDFDocument, text: string, x: number, y: number, style: TextStyle): number {
  const options = textOptions(style);
  doc.font(style.face ?? FONT.regular).fontSize(style.size ?? 10);

  const normalised = text.normalize('NFC');
  const height = doc.heightOfString(normalised, options);
  doc.text(normalised, x, y, options);

  return height;
}

/** Measures the height that `printText` would take, without printing. */
export function measureText(doc: PDFKit.PDFDocument, text: string, style: TextStyle): number {
  doc.font(style.face ?? FONT.regular).fontSize(style.size ?? 10);

  return doc.heightOfString(text.normalize('NFC'), textOptions(style));
}

export function contentWidth(doc: PDFKit.PDFDocument): number {
  return doc.page.width - PAGE.marginLeft - PAGE.marginRight;
}

export function pageBottom(doc: PDFKit.PDFDocument): number {
  return doc.page.height - PAGE.marginBottom;
}

/** Starts a new page when `height` points do not fit below `y`, and returns the y to draw at. */
export function ensureRoom(doc: PDFKit.PDFDocument, y: number, height: number): number {
  if (y + height <= pageBottom(doc)) {
    return y;
  }

  doc.addPage();
  return PAGE.marginTop;
}

function textOptions(style: TextStyle): PDFKit.Mixins.TextOptions {
  return {
    width: style.width,
    align: style.align ?? 'left',
    underline: style.underline ?? false,
    features: TEXT_FEATURES,
    lineGap: 1,
  };
}
