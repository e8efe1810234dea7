import type { ReportHeader } from '../document.js';
import { formatPlaceAndDate, NATIONAL_MOTTO, NATIONAL_TITLE } from './format.js';
import { FONT } from './pdf-fonts.js';
import { contentWidth, PAGE, printText } from './pdf-text.js';

const LEFT_COLUMN_SHARE = 0.4;

/**
 * Draws the administrative header: the organisation upper left, the national title and motto
 * upper right with a rule under the motto, the place and date below them, then the title in
 * Vietnamese with the English title beneath. Returns the y below the header.
 */
export function drawHeader(doc: PDFKit.PDFDocument, header: ReportHeader): number {
  const width = contentWidth(doc);
  const leftWidth = Math.round(width * LEFT_COLUMN_SHARE);
  const rightWidth = width - leftWidth;
  const leftX = PAGE.marginLeft;
  const rightX = PAGE.marginLeft + leftWidth;
  const top = PAGE.marginTop;

  const leftBottom = drawOrganisation(doc, header, leftX, top, leftWidth);
  const rightBottom = drawNationalTitle(doc, rightX, top, rightWidth);

  let y = Math.max(leftBottom, rightBottom) + 6;
  y += printText(doc, formatPlaceAndDate(header.place, header.issuedAt), rightX, y, {
    face: FONT.italic, size: 10, align: 'center', width: rightWidth,
  });

  y += 18;
  y += printText(doc, header.titleVi.toLocaleUpperCase('vi'), leftX, y, { face: FONT.bold, size: 14, align: 'center', width });
  y += printText(doc, header.titleEn, leftX, y, { face: FONT.italic, size: 10, align: 'center', width });

  if (header.subtitleVi !== undefined) {
    y += 4;
    y += printText(doc, header.subtitleVi, leftX, y, { face: FONT.bold, size: 11, align: 'center', width });
  }
  if (header.subtitleEn !== undefined) {
    y += printText(doc, header.subtitleEn, leftX, y, { face: FONT.italic, size: 9, align: 'center', width });
  }

  return y + 14;
}

function drawOrganisation(doc: PDFKit.PDFDocument, header: ReportHeader, x: number, top: number, width: number): number {
  let y = top;

  if (header.parentOrganisation !== undefined) {
    y += printText(doc, header.parentOrganisation.toLocaleUpperCase('vi'), x, y, { size: 10, align: 'center', width });
  }
  y += printText(doc, header.organisation.toLocaleUpperCase('vi'), x, y, { face: FONT.bold, size: 10, align: 'center', width });

  drawRule(doc, x + width / 2, y + 2, width / 3);
  return y + 4;
}

function drawNationalTitle(doc: PDFKit.PDFDocument, x: number, top: number, width: number): number {
  let y = top;

  y += printText(doc, NATIONAL_TITLE, x, y, { face: FONT.bold, size: 10, align: 'center', width });
  y += printText(doc, NATIONAL_MOTTO, x, y, { face: FONT.bold, size: 11, align: 'center', width });

  drawRule(doc, x + width / 2, y + 2, doc.font(FONT.bold).fontSize(11).widthOfString(NATIONAL_MOTTO));
  return y + 4;
}

function drawRule(doc: PDFKit.PDFDocument, centreX: number, y: number, length: number): void {
  doc.save().lineWidth(0.6).moveTo(centreX - length / 2, y).lineTo(centreX + length / 2, y).stroke().restore();
}
