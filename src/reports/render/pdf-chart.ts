import type { BarChartBlock } from '../document.js';
import { formatCell } from './format.js';
import { FONT } from './pdf-fonts.js';
import { contentWidth, ensureRoom, PAGE, printText } from './pdf-text.js';

const PLOT_HEIGHT = 150;
const AXIS_GUTTER = 36;
const LABEL_BAND = 26;
const TITLE_BAND = 28;
const TICKS = 5;

/** The height a chart takes on the page, title and labels included. */
export const BAR_CHART_HEIGHT = TITLE_BAND + PLOT_HEIGHT + LABEL_BAND + 24;

/**
 * Draws a vertical bar chart as vector graphics (rectangles and lines, no image), with a
 * value axis of five ticks, the value above each bar and the label below it. Returns the y
 * below the chart.
 */
export function drawBarChart(doc: PDFKit.PDFDocument, chart: BarChartBlock, startY: number): number {
  const width = contentWidth(doc);
  let y = ensureRoom(doc, startY, BAR_CHART_HEIGHT);

  y += printText(doc, `${chart.titleVi} / ${chart.titleEn}`, PAGE.marginLeft, y, { face: FONT.bold, size: 9.5, width });
  y += printText(doc, `${chart.valueLabelVi} / ${chart.valueLabelEn}`, PAGE.marginLeft, y, { face: FONT.italic, size: 7.5, width });
  y += 8;

  const plotLeft = PAGE.marginLeft + AXIS_GUTTER;
  const plotWidth = width - AXIS_GUTTER;
  const plotTop = y;
  const plotBottom = y + PLOT_HEIGHT;
  const axisMax = niceAxisMaximum(Math.max(0, ...chart.bars.map((bar) => bar.value)));

  drawValueAxis(doc, plotLeft, plotTop, plotBottom, plotWidth, axisMax);
  drawBars(doc, chart, plotLeft, plotBottom, plotWidth, axisMax);

  y = plotBottom + LABEL_BAND;
  y += printText(doc, `${chart.axisLabelVi} / ${chart.axisLabelEn}`, plotLeft, y, {
    face: FONT.italic, size: 7.5, width: plotWidth, align: 'center',
  });

  return y + 10;
}

/** Rounds a maximum up to 1, 2 or 5 times a power of ten so that the ticks are round numbers. */
export function niceAxisMaximum(max: number): number {
  if (max <= 0) {
    return 1;
  }

  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * magnitude >= max) {
      return step * magnitude;
    }
  }

  return 10 * magnitude;
}

function drawValueAxis(doc: PDFKit.PDFDocument, left: number, top: number, bottom: number, width: number, axisMax: number): void {
  doc.save().lineWidth(0.8).moveTo(left, top).lineTo(left, bottom).lineTo(left + width, bottom).stroke().restore();

  for (let tick = 0; tick <= TICKS; tick++) {
    const value = (axisMax * tick) / TICKS;
    const tickY = bottom - ((bottom - top) * tick) / TICKS;

    if (tick > 0) {
      doc.save().lineWidth(0.3).strokeColor('#bbbbbb').moveTo(left, tickY).lineTo(left + width, tickY).stroke().restore();
    }
    printText(doc, formatCell(Number.isInteger(value) ? 'integer' : 'decimal', value), left - AXIS_GUTTER, tickY - 4, {
      size: 7, width: AXIS_GUTTER - 4, align: 'right',
    });
  }
}

function drawBars(doc: PDFKit.PDFDocument, chart: BarChartBlock, left: number, bottom: number, width: number, axisMax: number): void {
  if (chart.bars.length === 0) {
    return;
  }

  const slot = width / chart.bars.length;
  const barWidth = slot * 0.7;
  const labelSize = chart.bars.length > 12 ? 6 : 7.5;

  chart.bars.forEach((bar, index) => {
    const height = (PLOT_HEIGHT * bar.value) / axisMax;
    const x = left + index * slot + (slot - barWidth) / 2;

    doc.save().rect(x, bottom - height, barWidth, height).fill('#3b6ea5').restore();
    doc.fillColor('#000000');
    printText(doc, formatCell(Number.isInteger(bar.value) ? 'integer' : 'decimal', bar.value), left + index * slot, bottom - height - 10, {
      size: labelSize, width: slot, align: 'center',
    });
    printText(doc, bar.label, left + index * slot, bottom + 3, { size: labelSize, width: slot, align: 'center' });
  });
}
