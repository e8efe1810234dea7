// After submission: the result when the session allows it, and a short feedback form.
import { useEffect, useState, type FormEvent } from 'react';

import { ApiRequestError } from '../../api/client.js';
import { EXAM_ROUTES, fetchFeedbackForm, fetchResult, sendFeedback, type AttemptInfo, type AttemptResult, type FeedbackAnswers, type FeedbackQuestion } from '../../api/exam.js';
import { ErrorMessage, Loading } from '../../components/messages.js';
import { useApi } from '../../components/use-api.js';
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
      {attempt.feedbackAllowed && <FeedbackPanel attemptId={attempt.id} />}
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

function LikertQuestion({ question, value, onChange }: { question: FeedbackQuestion; value: number | undefined; onChange: (v: number) => void }) {
  const { t, language } = useI18n();
  return (
    <fieldset className="scale">
      <legend>{language === 'vi' ? question.textVi : question.textEn}</legend>
      {LIKERT_VALUES.map((n) => (
        <label key={n}>
          <input type="radio" name={question.id} value={n} checked={value === n} onChange={() => onChange(n)} /> {t(`feedback.likert${n}`)}
        </label>
      ))}
    </fieldset>
  );
}

const LIKERT_VALUES = [1, 2, 3, 4, 5] as const;

/** The questionnaire the server returns, so the form asks exactly what the reports count. */
function FeedbackPanel({ attemptId }: { attemptId: string }) {
  const { t, language } = useI18n();
  const form = useApi(() => fetchFeedbackForm(attemptId), [attemptId]);
  const [answers, setAnswers] = useState<FeedbackAnswers>({});
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const route = EXAM_ROUTES.feedback(attemptId);

  if (form.error !== null) return <ErrorMessage error={form.error} route={`GET ${route}`} />;
  if (form.data === null) return <Loading />;
  if (sent || form.data.submitted) return <p role="status" className="notice notice-success">{t('feedback.thanks')}</p>;

  const { questionnaire } = form.data;
  const set = (id: string, value: number | string) => setAnswers((current) => ({ ...current, [id]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await sendFeedback(attemptId, questionnaire.version, answers);
      setSent(true);
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <form onSubmit={submit} className="form" aria-labelledby="feedback-title">
      <h2 id="feedback-title">
        {language === 'vi' ? questionnaire.titleVi : questionnaire.titleEn}
        <span className="other-language"> / {language === 'vi' ? questionnaire.titleEn : questionnaire.titleVi}</span>
      </h2>
      {questionnaire.questions.map((question) =>
        question.kind === 'likert' ? (
          <LikertQuestion key={question.id} question={question} value={answers[question.id] as number | undefined} onChange={(v) => set(question.id, v)} />
        ) : (
          <div key={question.id} className="form">
            <label htmlFor={`feedback-${question.id}`}>{language === 'vi' ? question.textVi : question.textEn}</label>
            <textarea id={`feedback-${question.id}`} maxLength={question.maxLength} rows={3} value={String(answers[question.id] ?? '')} onChange={(e) => set(question.id, e.target.value)} />
          </div>
        ),
      )}
      {error !== null && <ErrorMessage error={error} route={`POST ${route}`} />}
      <button type="submit" className="primary" disabled={Object.keys(answers).length === 0}>{t('feedback.send')}</button>
    </form>
  );
}
