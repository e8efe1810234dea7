import type { CostTable, PriceList } from './cost.js';
import type { ReportDocument, ReportHeader, TableBlock } from './document.js';

export interface CostDocumentInput {
  header: Omit<ReportHeader, 'titleVi' | 'titleEn'>;
  prices: PriceList;
  table: CostTable;
  /** "estimate" for a forecast, "round" for the actual cost of a pilot round. */
  kind: 'estimate' | 'round';
}

/** Builds the cost report document: the cost table with its totals, then the price list. */
export function buildCostDocument(input: CostDocumentInput): ReportDocument {
  const isEstimate = input.kind === 'estimate';

  return {
    header: {
      ...input.header,
      titleVi: isEstimate ? 'Dự toán kinh phí' : 'Kinh phí thực tế của đợt khảo sát',
      titleEn: isEstimate ? 'Cost estimate' : 'Actual cost of the pilot round',
    },
    sections: [
      {
        headingVi: 'Bảng kinh phí',
        headingEn: 'Cost table',
        sheetName: 'Kinh phi',
        blocks: [costTableBlock(input.table), { type: 'paragraph', textVi: input.table.roundingVi, textEn: input.table.roundingEn }],
      },
      {
        headingVi: 'Bảng giá áp dụng',
        headingEn: 'Price list applied',
        sheetName: 'Bang gia',
        blocks: [priceListBlock(input.prices)],
      },
    ],
  };
}

function costTableBlock(table: CostTable): TableBlock {
  return {
    type: 'table',
    columns: [
      { key: 'item', headerVi: 'Khoản mục', headerEn: 'Item', kind: 'text', width: 3 },
      { key: 'unit', headerVi: 'Đơn vị tính', headerEn: 'Unit', kind: 'text', width: 1.2 },
      { key: 'quantity', headerVi: 'Số lượng', headerEn: 'Quantity', kind: 'integer', width: 1 },
      { key: 'unitPrice', headerVi: 'Đơn giá (đồng)', headerEn: 'Unit price (VND)', kind: 'money', width: 1.4 },
      { key: 'net', headerVi: 'Thành tiền (đồng)', headerEn: 'Amount (VND)', kind: 'money', width: 1.5 },
      { key: 'vatRate', headerVi: 'Thuế suất GTGT', headerEn: 'VAT rate', kind: 'percent', width: 1 },
      { key: 'vat', headerVi: 'Thuế GTGT (đồng)', headerEn: 'VAT (VND)', kind: 'money', width: 1.4 },
      { key: 'gross', headerVi: 'Cộng (đồng)', headerEn: 'Total (VND)', kind: 'money', width: 1.5 },
    ],
    rows: table.lines.map((line) => ({
      item: `${line.labelVi} / ${line.labelEn}`,
      unit: `${line.unitVi} / ${line.unitEn}`,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      net: line.net,
      vatRate: line.vatRate / 10_000,
      vat: line.vat,
      gross: line.gross,
    })),
    totals: {
      item: 'Tổng cộng / Total',
      unit: null,
      quantity: null,
      unitPrice: null,
      net: table.totalNet,
      vatRate: null,
      vat: table.totalVat,
      gross: table.total,
    },
  };
}

function priceListBlock(prices: PriceList): TableBlock {
  return {
    type: 'table',
    columns: [
      { key: 'item', headerVi: 'Khoản mục', headerEn: 'Item', kind: 'text', width: 3 },
      { key: 'price', headerVi: 'Đơn giá chưa thuế (đồng)', headerEn: 'Price before VAT (VND)', kind: 'money', width: 1.5 },
      { key: 'vatRate', headerVi: 'Thuế suất GTGT', headerEn: 'VAT rate', kind: 'percent', width: 1 },
    ],
    rows: [
      { item: 'Đầu đọc thẻ (chiếc) / Card reader (piece)', price: prices.readerPrice, vatRate: prices.readerVatRate / 10_000 },
      {
        item: 'Bản quyền phần mềm (đơn vị/năm) / Software licence (unit/year)',
        price: prices.licencePricePerUnitYear,
        vatRate: prices.licenceVatRate / 10_000,
      },
      {
        item: 'Phí xác thực (lượt) / Verification fee (check)',
        price: prices.verificationFeePerCheck,
        vatRate: prices.verificationVatRate / 10_000,
      },
    ],
  };
}
