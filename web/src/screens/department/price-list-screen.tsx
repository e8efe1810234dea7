// Department administrators: the prices the cost report uses (card reader, software licence per
// unit and year, verification fee per check), each with its VAT rate.
import { useEffect, useState, type FormEvent } from 'react';

import { DEPARTMENT_ROUTES, fetchPriceList, savePriceList, type PriceList } from '../../api/department.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatDateTime, formatNumber } from '../../i18n/format.js';
import { Bilingual, useI18n, type MessageKey } from '../../i18n/index.js';

const FIELDS: { price: keyof PriceList; vat: keyof PriceList; label: MessageKey }[] = [
  { price: 'readerPrice', vat: 'readerVatRate', label: 'prices.reader' },
  { price: 'licencePricePerUnitYear', vat: 'licenceVatRate', label: 'prices.licence' },
  { price: 'verificationFeePerCheck', vat: 'verificationVatRate', label: 'prices.verification' },
];

/** Reads a whole number typed with or without Vietnamese thousands dots. */
function parseWhole(text: string): number {
  return Number(text.replace(/[.\s]/g, '').replace(',', '.'));
}

export function PriceListScreen() {
  const { t } = useI18n();
  const prices = useApi(fetchPriceList, []);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const stored = prices.data?.prices;
    if (stored === null || stored === undefined) return;
    const next: Record<string, string> = {};
    for (const field of FIELDS) {
      next[field.price] = formatNumber(stored[field.price]);
      next[field.vat] = formatNumber(stored[field.vat] / 100);
    }
    setDraft(next);
  }, [prices.data]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const body = {} as PriceList;
    for (const field of FIELDS) {
      body[field.price] = parseWhole(draft[field.price] ?? '');
      body[field.vat] = Math.round(Number((draft[field.vat] ?? '').replace(',', '.')) * 100);
    }
    try {
      await savePriceList(body);
      setSaved(true);
      prices.reload();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section aria-labelledby="prices-title">
      <h1 id="prices-title"><Bilingual k="nav.registry" /></h1>
      {prices.error !== null && <ErrorMessage error={prices.error} route={`GET ${DEPARTMENT_ROUTES.priceList}`} />}
      {prices.data === null && prices.error === null && <Loading />}
      {prices.data !== null && prices.data.createdAt !== null && (
        <p className="muted">{t('prices.since', { date: formatDateTime(prices.data.createdAt) })}</p>
      )}
      {prices.data !== null && (
        <form className="form inline-form" onSubmit={submit}>
          {FIELDS.map((field) => (
            <fieldset key={field.price} className="price-row">
              <legend>{t(field.label)}</legend>
              <label htmlFor={`price-${field.price}`}>{t('prices.amount')}</label>
              <input id={`price-${field.price}`} inputMode="numeric" value={draft[field.price] ?? ''} onChange={(e) => setDraft({ ...draft, [field.price]: e.target.value })} />
              <label htmlFor={`price-${field.vat}`}>{t('prices.vat')}</label>
              <input id={`price-${field.vat}`} inputMode="decimal" className="narrow-input" value={draft[field.vat] ?? ''} onChange={(e) => setDraft({ ...draft, [field.vat]: e.target.value })} />
            </fieldset>
          ))}
          {error !== null && <ErrorMessage error={error} route={`PUT ${DEPARTMENT_ROUTES.priceList}`} />}
          {saved && <p role="status" className="notice notice-success">{t('prices.saved')}</p>}
          <button type="submit" className="primary">{t('app.save')}</button>
        </form>
      )}
    </section>
  );
}
