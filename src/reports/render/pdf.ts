import PDFDocument from 'pdfkit';

import type { ReportDocument, ReportSection } from '../document.js';
import { BAR_CHART_HEIGHT, drawBarChart } from './pdf-chart.js';
import { FONT, registerReportFonts } from './pdf-fonts.js';
import { drawHeader } from './pdf-header.js';
import { drawTable } from './pdf-table.js';
import { contentWidth, ensureRoom, PAGE, printText } from './pdf-text.js';

/**
 * Renders a report as an A4 PDF with embedded Noto Sans. The creation date is the header's
 * issue date, so the same document renders to the same bytes.
 */
export async function renderPdf(report: ReportDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: { top: PAGE.marginTop, bottom: PAGE.marginBottom, left: PAGE.marginLeft, right: PAGE.marginRight },
    info: {
      Title: `${report.header.titleVi} / ${report.header.titleEn}`,
      Author: report.header.organisation,
      Creator: 'examgate',
      CreationDate: report.header.issuedAt,
    },
    lang: 'vi-VN',
  });
  registerReportFonts(doc);

  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });

  let y = drawHeader(doc, report.header);
  report.sections.forEach((section, index) => {
    y = drawSection(doc, section, index + 1, y);
  });

  doc.end();
  await ended;

  return Buffer.concat(chunks);
}

function drawSection(doc: PDFKit.PDFDocument, section: ReportSection, number: number, startY: number): number {
  const width = contentWidth(doc);

  // Keeps the heading on the page of its first block.
  const firstBlockHeight = section.blocks[0]?.type === 'bar-chart' ? BAR_CHART_HEIGHT : 60;
  let y = ensureRoom(doc, startY, 30 + firstBlockHeight);

  y += printText(doc, `${number}. ${section.headingVi}`, PAGE.marginLeft, y, { face: FONT.bold, size: 11.5, width });
  y += printText(doc, section.headingEn, PAGE.marginLeft, y, { face: FONT.italic, size: 9, width });
  y += 6;

  for (const block of section.blocks) {
    switch (block.type) {
      case 'table':
        if (block.titleVi !== undefined) {
          y = ensureRoom(doc, y, 40);
          y += printText(doc, `${block.titleVi}${block.titleEn === undefined ? '' : ` / ${block.titleEn}`}`, PAGE.marginLeft, y, {
            face: FONT.bold, size: 9.5, width,
          });
          y += 3;
        }
        y = drawTable(doc, block, y);
        break;
      case 'bar-chart':
        y = drawBarChart(doc, block, y);
        break;
      case 'paragraph':
        y = ensureRoom(doc, y, 30);
        y += printText(doc, block.textVi, PAGE.marginLeft, y, { size: 9.5, width });
        if (block.textEn !== undefined) {
          y += printText(doc, block.textEn, PAGE.marginLeft, y, { face: FONT.italic, size: 8.5, width });
        }
        y += 6;
        break;
    }
  }

  return y + 6;
}
