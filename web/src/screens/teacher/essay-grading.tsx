// Teachers grade essays by hand: each essay answer of the session's finished attempts with its
// question, shown by attempt and form code without the candidate's name, and a score field.
import { useState, type FormEvent } from 'react';

import type { SessionInfo } from '../../api/auth.js';
import { gradeEssay, GRADING_ROUTES, listEssays, type EssayToGrade } from '../../api/grading.js';
import { MathText } from '../../components/math-text.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { SessionPicker } from '../../components/session-picker.js';
import { useApi } from '../../components/use-api.js';
import { formatNumber } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

function EssayCard({ essay, index, onGraded }: { essay: EssayToGrade; index: number; onGraded: () => void }) {
  const { t } = useI18n();
  const [score, setScore] = useState(essay.score === null ? '' : String(essay.score));
  const [error, setError] = useState<unknown>(null);
  const inputId = `essay-score-${essay.attemptId}-${essay.questionId}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      await gradeEssay(essay.attemptId, essay.questionId, Number(score.replace(',', '.')));
      onGraded();
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <article className="card" aria-labelledby={`essay-title-${index}`} data-testid="essay">
      <h2 id={`essay-title-${index}`}>{t('grading.essayTitle', { number: index + 1, form: essay.formCode ?? '—' })}</h2>
      <p><MathText text={essay.stem} /></p>
      <blockquote className="essay-answer">{essay.answer ?? t('grading.noAnswer')}</blockquote>
      <p className="muted" data-testid="essay-state">
        {essay.status === 'manual' ? t('grading.pending') : t('grading.graded', { score: formatNumber(essay.score ?? 0), max: formatNumber(essay.maxScore) })}
      </p>
      {essay.answer !== null && (
        <form className="toolbar" onSubmit={submit}>
          <label htmlFor={inputId}>{t('grading.score', { max: formatNumber(essay.maxScore) })}</label>
          <input id={inputId} className="narrow-input" inputMode="decimal" required pattern="[0-9]+([.,][0-9]+)?" value={score} onChange={(e) => setScore(e.target.value)} />
          <button type="submit" className="primary">{t('grading.save')}</button>
        </form>
      )}
      {error !== null && <ErrorMessage error={error} route={`POST ${GRADING_ROUTES.grade(essay.attemptId, essay.questionId)}`} />}
    </article>
  );
}

function EssayList({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const essays = useApi(() => listEssays(sessionId), [sessionId]);

  if (essays.error !== null) return <ErrorMessage error={essays.error} route={`GET ${GRADING_ROUTES.essays(sessionId)}`} />;
  if (essays.data === null) return <Loading />;

  const pending = essays.data.filter((essay) => essay.status === 'manual').length;
  return (
    <>
      <p role="status" data-testid="grading-summary">{t('grading.summary', { total: formatNumber(essays.data.length), pending: formatNumber(pending) })}</p>
      {essays.data.map((essay, index) => <EssayCard key={`${essay.attemptId}/${essay.questionId}`} essay={essay} index={index} onGraded={essays.reload} />)}
    </>
  );
}

export function EssayGradingScreen({ session }: { session: SessionInfo }) {
  const { t } = useI18n();
  const [sessionId, setSessionId] = useState('');

  if (session.user.unitId === null) return <p className="notice">{t('org.noUnit')}</p>;

  return (
    <section aria-labelledby="grading-title">
      <h1 id="grading-title"><Bilingual k="nav.grading" /></h1>
      <SessionPicker unitId={session.user.unitId} value={sessionId} onChange={setSessionId} />
      {sessionId !== '' && <EssayList key={sessionId} sessionId={sessionId} />}
    </section>
  );
}
