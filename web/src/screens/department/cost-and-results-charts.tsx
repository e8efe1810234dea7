// Charts of the department dashboard beside the evaluation: the actual cost of a pilot round by
// cost line, and the score distribution of an exam event. Every bar comes from the reports API
// and the table under each chart repeats its numbers.
import { useMemo, useState } from 'react';

import { EVENT_ROUTES, listEvents } from '../../api/events.js';
import { listUnits } from '../../api/organisation.js';
import { fetchEventResults, fetchRoundCost, REPORT_ROUTES } from '../../api/reports.js';
import { BarChart, type BarSeries } from '../../components/bar-chart.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/index.js';

export function RoundCostChart({ round }: { round: number }) {
  const { t, language } = useI18n();
  const cost = useApi(() => fetchRoundCost(round), [round]);
  const labels = useMemo(() => (cost.data?.lines ?? []).map((line) => (language === 'vi' ? line.labelVi : line.labelEn)), [cost.data, language]);
  const series = useMemo<BarSeries[]>(
    () => [
      { label: t('charts.net'), values: (cost.data?.lines ?? []).map((line) => line.net), color: '#0b5cad' },
      { label: t('charts.vat'), values: (cost.data?.lines ?? []).map((line) => line.vat), color: '#c98a00' },
    ],
    [cost.data, t],
  );

  if (cost.error !== null) return <ErrorMessage error={cost.error} route={`GET ${REPORT_ROUTES.cost(round)}`} />;
  if (cost.data === null) return <Loading />;

  return (
    <div data-testid={`cost-round-${round}`}>
      <BarChart title={t('charts.costTitle')} labels={labels} series={series} stacked />
      <p data-testid="cost-total">{t('charts.costTotal', { total: formatNumber(cost.data.total), checks: formatNumber(cost.data.billableChecks) })}</p>
    </div>
  );
}

function ResultsChart({ examEventId }: { examEventId: string }) {
  const { t } = useI18n();
  const results = useApi(() => fetchEventResults(examEventId), [examEventId]);
  const bins = results.data?.results.distribution.bins;
  const labels = useMemo(() => (bins ?? []).map((bin) => `${formatNumber(bin.from)}–${formatNumber(bin.to)}`), [bins]);
  const series = useMemo<BarSeries[]>(() => [{ label: t('charts.candidates'), values: (bins ?? []).map((bin) => bin.count), color: '#1a6b35' }], [bins, t]);

  if (results.error !== null) return <ErrorMessage error={results.error} route={`GET ${REPORT_ROUTES.results(examEventId)}`} />;
  if (results.data === null) return <Loading />;

  const summary = results.data.results.distribution.summary;
  return (
    <div data-testid="results-chart">
      <BarChart title={t('charts.resultsTitle', { exam: results.data.input.examTitle })} labels={labels} series={series} />
      <p>{t('charts.resultsSummary', { count: formatNumber(summary.count), mean: summary.mean === null ? '–' : formatNumber(summary.mean), median: summary.median === null ? '–' : formatNumber(summary.median) })}</p>
    </div>
  );
}

export function ResultsPanel() {
  const { t } = useI18n();
  const units = useApi(listUnits, []);
  const [unitId, setUnitId] = useState('');
  const events = useApi(() => (unitId === '' ? Promise.resolve([]) : listEvents(unitId)), [unitId]);
  const [eventId, setEventId] = useState('');

  return (
    <section className="card" aria-labelledby="results-title">
      <h2 id="results-title">{t('charts.resultsHeading')}</h2>
      <div className="toolbar">
        <label htmlFor="results-unit">{t('nav.units')}</label>
        <select id="results-unit" value={unitId} onChange={(e) => { setUnitId(e.target.value); setEventId(''); }}>
          <option value="">—</option>
          {(units.data ?? []).map((unit) => <option key={unit.id} value={unit.id}>{unit.name} ({unit.code})</option>)}
        </select>
        <label htmlFor="results-event">{t('nav.events')}</label>
        <select id="results-event" value={eventId} onChange={(e) => setEventId(e.target.value)} disabled={unitId === ''}>
          <option value="">—</option>
          {(events.data ?? []).map((event) => <option key={event.id} value={event.id}>{event.title} ({event.code})</option>)}
        </select>
      </div>
      {events.error !== null && <ErrorMessage error={events.error} route={`GET ${EVENT_ROUTES.events(unitId)}`} />}
      {eventId !== '' && <ResultsChart key={eventId} examEventId={eventId} />}
    </section>
  );
}
