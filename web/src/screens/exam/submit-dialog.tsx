// The submission summary: how many questions are answered, which are not or are flagged, and
// whether any change still waits to be sent (submission waits for it).
import { useEffect, useRef } from 'react';

import type { ExamQuestion } from '../../api/exam.js';
import type { AnswerQueue } from '../../exam/answer-queue.js';
import { useI18n } from '../../i18n/index.js';
import { isAnswered } from './question-view.js';

interface Props {
  questions: ExamQuestion[];
  queue: AnswerQueue;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

export function SubmitDialog({ questions, queue, busy, error, onConfirm, onCancel }: Props) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const unanswered = questions.filter((q) => !isAnswered(queue.answerOf(q.id).value)).map((q) => q.number);
  const flagged = questions.filter((q) => queue.answerOf(q.id).flagged).map((q) => q.number);
  const unsent = queue.unsentCount;

  return (
    <dialog ref={dialog} className="dialog" aria-labelledby="submit-title" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h2 id="submit-title">{t('exam.submitTitle')}</h2>
      <p data-testid="submit-summary">{t('exam.submitSummary', { answered: questions.length - unanswered.length, total: questions.length })}</p>
      {unanswered.length > 0 && <p className="notice notice-warning">{t('exam.submitUnanswered', { list: unanswered.join(', ') })}</p>}
      {flagged.length > 0 && <p className="notice">{t('exam.submitFlagged', { list: flagged.join(', ') })}</p>}
      {unsent > 0 && <p className="notice notice-warning" role="status">{t('exam.submitWaiting', { count: unsent })}</p>}
      {error !== null && <p role="alert" className="notice notice-error">{error}</p>}
      <div className="dialog-actions">
        <button type="button" onClick={onCancel} autoFocus>{t('exam.submitBack')}</button>
        <button type="button" className="primary" disabled={busy || unsent > 0} onClick={onConfirm}>{t('exam.submitConfirm')}</button>
      </div>
    </dialog>
  );
}
