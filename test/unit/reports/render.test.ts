import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import ExcelJS from 'exceljs';

import { DEFAULT_PRICE_LIST, estimateCost } from '../../../src/reports/cost.js';
import { buildCostDocument } from '../../../src/reports/cost-document.js';
import type { ReportDocument } from '../../../src/reports/document.js';
import { formatPlaceAndDate } from '../../../src/reports/render/format.js';
import { renderPdf } from '../../../src/reports/render/pdf.js';
import { renderXlsx } from '../../../src/reports/render/xlsx.js';
import { extractPdfText } from './extract-pdf-text.js';

// Every lower-case Vietnamese vowel with each of the five tone marks, plus đ: the letters a
// font must cover for Vietnamese.
const VIETNAMESE_LETTERS =
  'àáảãạ ăằắẳẵặ âầấẩẫậ èéẻẽẹ êềếểễệ ìíỉĩị òóỏõọ ôồốổỗộ ơờớởỡợ ùúủũụ ưừứửữự ỳýỷỹỵ đ';

const ISSUED_AT = new Date('2026-02-03T03:00:00Z');

// Generated test identities: valid-looking CCCD numbers with leading zeros, invented names.
const CANDIDATES = [
  { idNumber: '001204012345', name: 'Nguyễn Thị Ánh Tuyết', score: 8.25 },
  { idNumber: '079305000127', name: 'Trần Quốc Việt', score: 6.5 },
  { idNumber: '038099004321', name: 'Phạm Thị Quỳnh Hương', score: 9 },
];

function sampleDocument(): ReportDocument {
  return {
    header: {
      parentOrganisation: 'Sở Giáo dục và Đào tạo tỉnh Thử Nghiệm',
      organisation: 'Trung tâm GDTX-NNTH Hòa Bình',
      place: 'Thành phố Thử',
      issuedAt: ISSUED_AT,
      titleVi: 'Kết quả thi',
      titleEn: 'Exam results',
      subtitleVi: 'Đợt khảo sát thí điểm lần 1',
      subtitleEn: 'Pilot round 1',
    },
    sections: [
      {
        headingVi: 'Điểm theo thí sinh',
        headingEn: 'Scores per candidate',
        blocks: [
          {
            type: 'table',
            columns: [
              { key: 'idNumber', headerVi: 'Số CCCD', headerEn: 'ID number', kind: 'id', width: 1.5 },
              { key: 'name', headerVi: 'Họ và tên', headerEn: 'Full name', kind: 'text', width: 2.5 },
              { key: 'score', headerVi: 'Điểm', headerEn: 'Score', kind: 'decimal' },
            ],
            rows: CANDIDATES.map((candidate) => ({ ...candidate })),
          },
          { type: 'paragraph', textVi: VIETNAMESE_LETTERS, textEn: VIETNAMESE_LETTERS.toLocaleUpperCase('vi') },
          {
            type: 'bar-chart',
            titleVi: 'Phổ điểm',
            titleEn: 'Score distribution',
            axisLabelVi: 'Khoảng điểm',
            axisLabelEn: 'Score band',
            valueLabelVi: 'Số thí sinh',
            valueLabelEn: 'Candidates',
            bars: [
              { label: '6–7', value: 1 },
              { label: '8–9', value: 1 },
              { label: '9–10', value: 1 },
            ],
          },
        ],
      },
    ],
  };
}

async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);

  return workbook;
}

describe('administrative date line', () => {
  it('pads days below 10 and months 1 and 2', () => {
    assert.equal(formatPlaceAndDate('Hà Nội', ISSUED_AT), 'Hà Nội, ngày 03 tháng 02 năm 2026');
    assert.equal(formatPlaceAndDate('Huế', new Date('2026-11-20T05:00:00Z')), 'Huế, ngày 20 tháng 11 năm 2026');
  });

  it('uses the Vietnam date', () => {
    assert.equal(formatPlaceAndDate('Huế', new Date('2026-03-09T18:30:00Z')), 'Huế, ngày 10 tháng 3 năm 2026');
  });
});

describe('PDF rendering', () => {
  it('keeps Vietnamese diacritics in extracted text', async () => {
    const pdf = await renderPdf(sampleDocument());
    const { text } = await extractPdfText(pdf);

    assert.ok(pdf.subarray(0, 5).toString('latin1') === '%PDF-');
    assert.ok(text.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'), text);
    assert.ok(text.includes('Độc lập - Tự do - Hạnh phúc'), text);
    assert.ok(text.includes('Thành phố Thử, ngày 03 tháng 02 năm 2026'), text);
    assert.ok(text.includes('TRUNG TÂM GDTX-NNTH HÒA BÌNH'), text);
    assert.ok(text.includes('KẾT QUẢ THI'), text);
    assert.ok(text.includes('Nguyễn Thị Ánh Tuyết'), text);
    assert.ok(text.includes('Phạm Thị Quỳnh Hương'), text);
    assert.ok(text.includes('001204012345'), text);
    assert.ok(text.includes(VIETNAMESE_LETTERS), text);
    assert.ok(text.includes(VIETNAMESE_LETTERS.toLocaleUpperCase('vi')), text);
    assert.doesNotMatch(text, /[\u0000-\u0008\u000e-\u001f]/);
  });

  it('embeds its fonts', async () => {
    const pdf = (await renderPdf(sampleDocument())).toString('latin1');

    assert.match(pdf, /\/FontFile2/);
    assert.match(pdf, /NotoSans-Regular/);
    assert.match(pdf, /NotoSans-Bold/);
  });

  it('repeats the table header across pages', async () => {
    const document = sampleDocument();
    const table = document.sections[0]?.blocks[0];
    assert.ok(table?.type === 'table');
    table.rows = Array.from({ length: 120 }, (_, index) => ({
      idNumber: `0012040${String(index).padStart(5, '0')}`,
      name: `Lê Văn Đạt ${index + 1}`,
      score: index % 10,
    }));

    const { pages } = await extractPdfText(await renderPdf(document));

    assert.ok(pages.length >= 3, `pages: ${pages.length}`);
    for (const page of pages.slice(0, -1)) {
      assert.ok(page.includes('Họ và tên'), page.slice(0, 200));
    }
    assert.ok(pages.join('\n').includes('Lê Văn Đạt 120'));
    assert.ok(pages.join('\n').includes('001204000119'));
  });

  it('prints the cost report figures', async () => {
    const table = estimateCost(DEFAULT_PRICE_LIST, { candidates: 1000, units: 1 });
    const document = buildCostDocument({
      header: { organisation: 'Sở Giáo dục và Đào tạo tỉnh Thử Nghiệm', place: 'Thành phố Thử', issuedAt: ISSUED_AT },
      prices: DEFAULT_PRICE_LIST,
      table,
      kind: 'estimate',
    });

    const { text } = await extractPdfText(await renderPdf(document));

    assert.ok(text.includes('DỰ TOÁN KINH PHÍ'), text);
    for (const figure of ['6.669.000', '666.900', '7.335.900', '10.000.000', '6.325.000', '632.500', '6.957.500', '24.293.400']) {
      assert.ok(text.includes(figure), `missing ${figure}`);
    }
  });
});

describe('xlsx rendering', () => {
  it('writes ID numbers as text cells', async () => {
    const workbook = await loadWorkbook(await renderXlsx(sampleDocument()));

    const sheet = workbook.worksheets[0];
    assert.ok(sheet);
    assert.equal(sheet.name, 'Điểm theo thí sinh');

    const ids: ExcelJS.Cell[] = [];
    sheet.eachRow((row) => {
      row.eachCell((cell) => {
        if (typeof cell.value === 'string' && /^\d{12}$/.test(cell.value)) {
          ids.push(cell);
        }
      });
    });

    assert.deepEqual(ids.map((cell) => cell.value), CANDIDATES.map((candidate) => candidate.idNumber));
    for (const cell of ids) {
      assert.equal(cell.type, ExcelJS.ValueType.String);
      assert.equal(cell.numFmt, '@');
    }
  });

  it('writes the header and bilingual column titles', async () => {
    const workbook = await loadWorkbook(await renderXlsx(sampleDocument()));
    const sheet = workbook.worksheets[0];
    assert.ok(sheet);

    const texts: string[] = [];
    sheet.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));

    assert.ok(texts.includes('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'));
    assert.ok(texts.includes('Thành phố Thử, ngày 03 tháng 02 năm 2026'));
    assert.ok(texts.includes('Số CCCD'));
    assert.ok(texts.includes('ID number'));
    assert.ok(texts.includes('Nguyễn Thị Ánh Tuyết'));
    assert.ok(texts.includes('Phổ điểm / Score distribution'));
  });

  it('writes scores as numbers', async () => {
    const workbook = await loadWorkbook(await renderXlsx(sampleDocument()));
    const sheet = workbook.worksheets[0];
    assert.ok(sheet);

    const scores: unknown[] = [];
    sheet.eachRow((row) => {
      if (typeof row.getCell(1).value === 'string' && /^\d{12}$/.test(String(row.getCell(1).value))) {
        scores.push(row.getCell(3).value);
      }
    });

    assert.deepEqual(scores, [8.25, 6.5, 9]);
  });
});
