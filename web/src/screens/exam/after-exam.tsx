// After submission: the result when the session allows it, and a short feedback form.
import { useEffect, useState, type FormEvent } from 'react';

import { ApiRequestError } from '../../api/client.js';
import { EXAM_ROUTES, fetchResult, sendFeedback, type AttemptInfo, type AttemptResult, type ExamQuestion } from '../../api/exam.js';
import { ErrorMessage } from '../../components/messages.js';
import { formatDate, formatNumber, formatTime } from '../../i18n/format.js';
import { Bilingual, useI18n } from '../../i18n/index.js';

export function AfterExam({ attempt, questions, submittedAt, expired }: { attempt: AttemptInfo; questions: ExamQuestion[]; submittedAt: string | null; expired: boolean }) {
  const { t } = useI18n();

  return (
    <main id="main" className="app-main card" aria-labelledby="after-title">
      <h1 id="after-title">{attempt.examTitle}</h1>
      <p className="notice notice-success" role="status">{expired ? t('exam.expired') : t('exam.submitted')}</p>
      {submittedAt !== null && <p>{t('exam.submittedAt', { time: formatTime(submittedAt), date: formatDate(submittedAt) })}</p>}
      <ResultPanel attempt={attempt} questions={questions} />
      {attempt.feedbackAllowed && <FeedbackPanel attemptId={attempt.id} />}
    </main>
  );
}

/** Orders the grades by the question numbers this candidate saw. */
function byNumber(result: AttemptResult, questions: ExamQuestion[]) {
  const numbers = new Map(questions.map((q) => [q.id, q.number]));
  return result.questions
    .map((grade) => ({ number: numbers.get(grade.questionId) ?? 0, grade }))
    .sort((a, b) => a.number - b.number);
}

function ResultPanel({ attempt, questions }: { attempt: AttemptInfo; questions: ExamQuestion[] }) {
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
          {result.score !== null && result.maxScore !== null && (
            <p className="score" data-testid="score">{t('result.score', { score: formatNumber(result.score), max: formatNumber(result.maxScore) })}</p>
          )}
          {result.manualPending > 0 && <p className="notice">{t('result.manualPending', { count: result.manualPending })}</p>}
          <table className="table">
            <thead><tr><th scope="col">{t('result.question')}</th><th scope="col">{t('result.points')}</th></tr></thead>
            <tbody>
              {byNumber(result, questions).map(({ number, grade: q }) => (
                <tr key={q.questionId}><td>{number}</td><td>{q.score === null ? t('result.pending') : formatNumber(q.score)} / {formatNumber(q.maxScore)}</td></tr>
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
      <span className="muted" aria-hidden="true">{t('feedback.scale1')}</span>
      {[1, 2, 3, 4, 5].map((n) => (
        <label key={n}>
          <input type="radio" name={name} value={n} checked={value === n} onChange={() => onChange(n)} />
          <span aria-hidden="true"> {n}</span>
          <span className="visually-hidden">{t('feedback.level', { level: n })}</span>
        </label>
      ))}
      <span className="muted" aria-hidden="true">{t('feedback.scale5')}</span>
    </fieldset>
  );
}

// NOTE: these two ratings are what the exam API stores; the pilot evaluation report defines a
// longer candidate questionnaire, and the two are not reconciled yet.
function FeedbackPanel({ attemptId }: { attemptId: string }) {
  const { t } = useI18n();
  const [rating, setRating] = useState(0);
  const [ease, setEase] = useState(0);
  const [comment, setComment] = useState('');
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await sendFeedback(attemptId, comment.trim() === '' ? { rating, ease } : { rating, ease, comment });
      setSent(true);
    } catch (caught) {
      if (caught instanceof ApiRequestError && caught.code === 'EXAM_FEEDBACK_EXISTS') {
        setSent(true);
        return;
      }
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
      {error !== null && <ErrorMessage error={error} route={`POST ${EXAM_ROUTES.feedback(attemptId)}`} />}
      <button type="submit" className="primary" disabled={rating === 0 || ease === 0}>{t('feedback.send')}</button>
    </form>
  );
}
