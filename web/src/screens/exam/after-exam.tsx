// After submission: the result when the session allows it, and a short feedback form.
import { useEffect, useState, type FormEvent } from 'react';

import { ApiRequestError } from '../../api/client.js';
import { fetchResult, sendFeedback, type AttemptInfo, type AttemptResult } from '../../api/exam.js';
import { ErrorMessage } from '../../components/messages.js';
import { formatDate, formatNumber, formatTime } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

export function AfterExam({ attempt, submittedAt, expired }: { attempt: AttemptInfo; submittedAt: string | null; expired: boolean }) {
  const { t } = useI18n();

  return (
    <section className="card" aria-labelledby="after-title">
      <h1 id="after-title">{attempt.examTitle}</h1>
      <p className="notice notice-success" role="status">{expired ? t('exam.expired') : t('exam.submitted')}</p>
      {submittedAt !== null && <p>{t('exam.submittedAt', { time: formatTime(submittedAt), date: formatDate(submittedAt) })}</p>}
      <ResultPanel attempt={attempt} />
      {attempt.feedbackAllowed && <FeedbackForm attemptId={attempt.id} />}
    </section>
  );
}

function ResultPanel({ attempt }: { attempt: AttemptInfo }) {
  const { t } = useI18n();
  const [result, setResult] = useState<AttemptResult | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (!attempt.resultsAllowed) return;
    fetchResult(attempt.id).then(setResult, setError);
  }, [attempt]);

  const notReleased = !attempt.resultsAllowed || (error instanceof ApiRequestError && error.code === 'EXAM_RESULTS_NOT_RELEASED');

  return (
    <section aria-labelledby="result-title">
      <h2 id="result-title"><Bilingual k="result.title" /></h2>
      {notReleased && <p>{t('result.notReleased')}</p>}
      {!notReleased && error !== null && <ErrorMessage error={error} />}
      {result !== null && (
        <>
          <p className="score" data-testid="score">{t('result.score', { score: formatNumber(result.score), max: formatNumber(result.maxScore) })}</p>
          <table className="table">
            <thead><tr><th scope="col">{t('result.question')}</th><th scope="col">{t('result.points')}</th></tr></thead>
            <tbody>
              {result.questions.map((q, index) => (
                <tr key={q.questionId}><td>{index + 1}</td><td>{formatNumber(q.score)} / {formatNumber(q.maxScore)}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function Scale({ name, legend, value, onChange }: { name: string; legend: string; value: number; onChange: (v: number) => void }) {
  const { t } = useI18n();
  return (
    <fieldset className="scale">
      <legend>{legend}</legend>
      <span className="muted">{t('feedback.scale1')}</span>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n}><input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} /> {n}</label>
      ))}
      <span className="muted">{t('feedback.scale5')}</span>
    </fieldset>
  );
}

function FeedbackForm({ attemptId }: { attemptId: string }) {
  const { t } = useI18n();
  const [rating, setRating] = useState(0);
  const [ease, setEase] = useState(0);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await sendFeedback(attemptId, { rating, ease, comment });
      setSent(true);
    } catch (caught) {
      setError(caught);
    }
  }

  if (sent) return <p role="status" className="notice notice-success">{t('feedback.thanks')}</p>;

  return (
    <form onSubmit={submit} className="form" aria-labelledby="feedback-title">
      <h2 id="feedback-title"><Bilingual k="feedback.title" /></h2>
      <Scale name="rating" legend={t('feedback.rating')} value={rating} onChange={setRating} />
      <Scale name="ease" legend={t('feedback.ease')} value={ease} onChange={setEase} />
      <label htmlFor="feedback-comment">{t('feedback.comment')}</label>
      <textarea id="feedback-comment" maxLength={1000} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      {error !== null && <ErrorMessage error={error} route="POST /api/exam/attempts/:id/feedback" />}
      <button type="submit" className="primary" disabled={rating === 0 || ease === 0}>{t('feedback.send')}</button>
    </form>
  );
}
