// The proctor's decision on an attempt the registry put on hold (status `locked` or
// `suspended`): re-admit the candidate by override with a reason code and a written reason,
// or keep the hold with a written reason. Both go to the audit log.
import { useState, type FormEvent } from 'react';

import type { DecisionCatalogue } from '../../api/checkin.js';
import { EVENT_ROUTES, keepAttemptLocked, readmitAttempt, type SessionAttempt } from '../../api/events.js';
import { ErrorMessage } from '../../components/messages.js';
import { useI18n } from '../../i18n/index.js';
import { isOverrideNoteLongEnough, OVERRIDE_NOTE_MIN_LENGTH } from './override-note.js';

export function HoldDecisionForm({ attempt, decisions, onDone }: { attempt: SessionAttempt; decisions: DecisionCatalogue | null; onDone: () => void }) {
  const { t, language } = useI18n();
  const [kind, setKind] = useState('other');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [route, setRoute] = useState('');
  const reason = attempt.holdReason === null ? undefined : decisions?.refusals[attempt.holdReason];

  async function decide(event: FormEvent, readmit: boolean) {
    event.preventDefault();
    setError(null);
    setRoute(readmit ? EVENT_ROUTES.readmit(attempt.attemptId) : EVENT_ROUTES.keepLocked(attempt.attemptId));

    try {
      if (readmit) await readmitAttempt(attempt.attemptId, kind, note);
      else await keepAttemptLocked(attempt.attemptId, note);
      setNote('');
      onDone();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form className="form hold-decision" onSubmit={(event) => void decide(event, true)} data-testid="hold-decision">
      <p className="notice notice-warning">
        {t('monitor.hold.reason')}: {reason === undefined ? attempt.holdReason : reason[language]}
        {attempt.holdKept && <> · {t('monitor.hold.kept')}</>}
      </p>
      <label htmlFor={`hold-kind-${attempt.attemptId}`}>{t('checkIn.overrideKind')}</label>
      <select id={`hold-kind-${attempt.attemptId}`} value={kind} onChange={(e) => setKind(e.target.value)}>
        {Object.entries(decisions?.overrides ?? {}).map(([code, label]) => <option key={code} value={code}>{label[language]}</option>)}
      </select>
      <label htmlFor={`hold-note-${attempt.attemptId}`}>{t('checkIn.overrideReason')}</label>
      <textarea id={`hold-note-${attempt.attemptId}`} required minLength={OVERRIDE_NOTE_MIN_LENGTH} maxLength={500} rows={2} value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="toolbar">
        <button type="submit" disabled={!isOverrideNoteLongEnough(note)}>{t('monitor.hold.readmit')}</button>
        <button type="button" onClick={(event) => void decide(event, false)} disabled={!isOverrideNoteLongEnough(note)}>{t('monitor.hold.keep')}</button>
      </div>
      {error !== null && <ErrorMessage error={error} route={`POST ${route}`} />}
    </form>
  );
}
