// Department administrators: the pilot evaluation per round and unit, from the reports API.
import { useMemo } from 'react';

import { fetchEvaluation, REPORT_ROUTES, type EvaluationReport } from '../../api/reports.js';
import { BarChart, type BarSeries } from '../../components/bar-chart.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
import { formatNumber } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';
import { ResultsPanel, RoundCostChart } from './cost-and-results-charts.js';
import { HoldFiguresTable } from './hold-figures.js';
import { RegistryFiguresTable } from './registry-figures.js';

function RoundCharts({ round }: { round: EvaluationReport['rounds'][number] }) {
  const { t } = useI18n();
  const labels = useMemo(() => round.units.map((u) => u.unit.code), [round]);
  const checkIn = useMemo<BarSeries[]>(
    () => [
      { label: t('dashboard.byChip'), values: round.units.map((u) => u.figures.checkIn.byChip), color: '#1a6b35' },
      { label: t('dashboard.byOverride'), values: round.units.map((u) => u.figures.checkIn.byOverride), color: '#c98a00' },
      { label: t('dashboard.refused'), values: round.units.map((u) => u.figures.checkIn.refused), color: '#a4161a' },
      { label: t('dashboard.absent'), values: round.units.map((u) => u.figures.checkIn.absent), color: '#8c959f' },
    ],
    [round, t],
  );
  const exams = useMemo<BarSeries[]>(
    () => [
      { label: t('dashboard.submitted'), values: round.units.map((u) => u.figures.exams.submitted), color: '#0b5cad' },
      { label: t('dashboard.autoFinalised'), values: round.units.map((u) => u.figures.exams.autoFinalised), color: '#5b3fa8' },
      { label: t('dashboard.answersResent'), values: round.units.map((u) => u.figures.exams.answersResent), color: '#8a4b00' },
    ],
    [round, t],
  );

  return (
    <section aria-labelledby={`round-${round.round.number}`} className="card">
      <h2 id={`round-${round.round.number}`}>{round.round.name}</h2>
      <p>{t('dashboard.registered', { count: formatNumber(round.department.registration.registered), chipped: formatNumber(round.department.registration.withChippedCard) })}</p>
      <div className="columns">
        <BarChart title={t('dashboard.checkInTitle')} labels={labels} series={checkIn} stacked />
        <BarChart title={t('dashboard.examsTitle')} labels={labels} series={exams} />
      </div>
      <RegistryFiguresTable round={round} />
      <HoldFiguresTable round={round} />
      <RoundCostChart round={round.round.number} />
    </section>
  );
}

/** Formats one comparison figure: a dash where the round has no data, percentages as "12,5 %". */
function showFigure(value: number | null | undefined, kind: 'integer' | 'percent' | 'decimal'): string {
  if (value === null || value === undefined) return '–';
  if (kind === 'percent') return `${formatNumber(value * 100)} %`;
  return formatNumber(value);
}

export function EvaluationDashboard() {
  const { t, language } = useI18n();
  const report = useApi(fetchEvaluation, []);

  return (
    <section aria-labelledby="evaluation-title">
      <h1 id="evaluation-title"><Bilingual k="nav.dashboards" /></h1>
      <ul className="downloads">
        <li>{t('dashboard.evaluation')}: <a href={REPORT_ROUTES.evaluationFile('pdf')}>PDF</a> · <a href={REPORT_ROUTES.evaluationFile('xlsx')}>Excel</a></li>
        {report.data?.rounds.map(({ round }) => (
          <li key={round.number}>
            {t('dashboard.cost', { number: formatNumber(round.number) })}: <a href={REPORT_ROUTES.costFile(round.number, 'pdf')}>PDF</a> · <a href={REPORT_ROUTES.costFile(round.number, 'xlsx')}>Excel</a>
          </li>
        ))}
        <li>{t('dashboard.noChip')}: <a href={REPORT_ROUTES.noChipFile('pdf')}>PDF</a> · <a href={REPORT_ROUTES.noChipFile('xlsx')}>Excel</a></li>
      </ul>
      {report.error !== null && <ErrorMessage error={report.error} route={`GET ${REPORT_ROUTES.evaluation}`} />}
      {report.data === null && report.error === null && <Loading />}
      {report.data?.rounds.map((round) => <RoundCharts key={round.round.number} round={round} />)}
      <ResultsPanel />
      {report.data !== null && report.data.comparison.length > 0 && (
        <table className="table">
          <thead><tr><th scope="col"></th>{report.data.rounds.map((r) => <th key={r.round.number} scope="col">{r.round.name}</th>)}</tr></thead>
          <tbody>
            {report.data.comparison.map((row) => (
              <tr key={row.key}>
                <th scope="row">{language === 'vi' ? row.labelVi : row.labelEn}</th>
                {report.data?.rounds.map((r) => {
                  return <td key={r.round.number}>{showFigure(row.values[r.round.number], row.kind)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
