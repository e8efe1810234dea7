// Attempts of a pilot round that a late registry result put on hold, per unit and for the
// department, with the proctors' decisions: re-admitted by override, kept locked, or none yet.
import type { EvaluationReport, HoldFigures } from '../../api/reports.js';
import { formatNumber } from '../../i18n/format.js';
import { useI18n } from '../../i18n/index.js';

function HoldCells({ figures }: { figures: HoldFigures }) {
  return (
    <>
      <td>{formatNumber(figures.held)}</td>
      <td>{formatNumber(figures.readmitted)}</td>
      <td>{formatNumber(figures.keptLocked)}</td>
      <td>{formatNumber(figures.undecided)}</td>
    </>
  );
}

export function HoldFiguresTable({ round }: { round: EvaluationReport['rounds'][number] }) {
  const { t } = useI18n();

  return (
    <div data-testid={`holds-round-${round.round.number}`}>
      <table className="table">
        <caption>{t('dashboard.holdTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.unit')}</th>
            <th scope="col">{t('dashboard.held')}</th>
            <th scope="col">{t('dashboard.heldReadmitted')}</th>
            <th scope="col">{t('dashboard.heldKeptLocked')}</th>
            <th scope="col">{t('dashboard.heldUndecided')}</th>
          </tr>
        </thead>
        <tbody>
          {round.units.map(({ unit, figures }) => (
            <tr key={unit.id}><th scope="row">{unit.code}</th><HoldCells figures={figures.holds} /></tr>
          ))}
        </tbody>
        <tfoot>
          <tr><th scope="row">{t('dashboard.wholeDepartment')}</th><HoldCells figures={round.department.holds} /></tr>
        </tfoot>
      </table>
      <p>{t('dashboard.holdNote')}</p>
    </div>
  );
}
