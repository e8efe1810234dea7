// The population registry figures of a pilot round on the department dashboard: checks,
// billable checks and outages for each unit, with the department's figures in the last row.
import type { EvaluationReport, RegistryFigures } from '../../api/reports.js';
import { formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/index.js';

function RegistryCells({ figures }: { figures: RegistryFigures }) {
  return (
    <>
      <td>{formatNumber(figures.checks)}</td>
      <td>{formatNumber(figures.billableChecks)}</td>
      <td>{formatNumber(figures.outages)}</td>
      <td>{formatNumber(figures.outageMinutes)}</td>
      <td>{formatNumber(figures.ongoingOutages)}</td>
    </>
  );
}

/**
 * Renders the registry figures of a round per unit and for the department. The department row
 * is not the sum of the unit rows, because the evaluation merges outage periods that overlap in
 * time: one outage that several units ran into counts once for the department.
 */
export function RegistryFiguresTable({ round }: { round: EvaluationReport['rounds'][number] }) {
  const { t } = useI18n();

  return (
    <div data-testid={`registry-round-${round.round.number}`}>
      <table className="table">
        <caption>{t('dashboard.registryTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.unit')}</th>
            <th scope="col">{t('dashboard.registryChecks')}</th>
            <th scope="col">{t('dashboard.billableChecks')}</th>
            <th scope="col">{t('dashboard.outages')}</th>
            <th scope="col">{t('dashboard.outageMinutes')}</th>
            <th scope="col">{t('dashboard.ongoingOutages')}</th>
          </tr>
        </thead>
        <tbody>
          {round.units.map(({ unit, figures }) => (
            <tr key={unit.id}><th scope="row">{unit.code}</th><RegistryCells figures={figures.registry} /></tr>
          ))}
        </tbody>
        <tfoot>
          <tr><th scope="row">{t('dashboard.wholeDepartment')}</th><RegistryCells figures={round.department.registry} /></tr>
        </tfoot>
      </table>
      <p>{t('dashboard.outageNote')}</p>
    </div>
  );
}
