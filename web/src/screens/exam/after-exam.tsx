// After submission: the result when the session allows it, and the candidate questionnaire.
import { useEffect, useState } from 'react';

import { ApiRequestError } from '../../api/client.js';
import { fetchResult, type AttemptInfo, type AttemptResult, type ExamQuestion } from '../../api/exam.js';
import { FeedbackForm } from '../../components/feedback-form.js';
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
      {attempt.feedbackAllowed && attempt.examEventId !== undefined && <FeedbackForm respondent="candidate" examEventId={attempt.examEventId} />}
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
