// Department settings: trust anchors (CSCA certificates, master lists, CRLs) and the price list
// of the cost report.
import { apiRequest } from './client.js';

export type TrustAnchorKind = 'certificate' | 'master-list' | 'crl';

export interface TrustAnchor {
  id: string;
  kind: TrustAnchorKind;
  name: string;
  sha256: string;
  certificateCount: number;
  createdAt: string;
}

/** Prices in whole đồng; VAT rates in basis points (800 = 8 %). */
export interface PriceList {
  readerPrice: number;
  readerVatRate: number;
  licencePricePerUnitYear: number;
  licenceVatRate: number;
  verificationFeePerCheck: number;
  verificationVatRate: number;
}

export const DEPARTMENT_ROUTES = {
  trustAnchors: '/api/checkin/trust-anchors',
  loadTrustAnchor: (kind: TrustAnchorKind) => `/api/checkin/trust-anchors?kind=${kind}`,
  trustAnchor: (id: string) => `/api/checkin/trust-anchors/${encodeURIComponent(id)}`,
  priceList: '/api/reports/price-list',
} as const;

export const listTrustAnchors = () => apiRequest<TrustAnchor[]>(DEPARTMENT_ROUTES.trustAnchors);
export const removeTrustAnchor = (id: string) => apiRequest<unknown>(DEPARTMENT_ROUTES.trustAnchor(id), { method: 'DELETE' });

export function loadTrustAnchor(kind: TrustAnchorKind, file: File): Promise<TrustAnchor> {
  const form = new FormData();
  form.append('file', file);
  return apiRequest<TrustAnchor>(DEPARTMENT_ROUTES.loadTrustAnchor(kind), { method: 'POST', body: form });
}

/** The price list in force; `prices` is null until a department exists. */
export interface StoredPriceList {
  id: string | null;
  createdAt: string | null;
  prices: PriceList | null;
}

export const fetchPriceList = () => apiRequest<StoredPriceList>(DEPARTMENT_ROUTES.priceList);
export const savePriceList = (prices: PriceList) => apiRequest<StoredPriceList>(DEPARTMENT_ROUTES.priceList, { method: 'PUT', body: prices });
