// The grid of question numbers: answered, flagged or unanswered, and which one is open.
import type { ExamQuestion } from '../../api/exam.js';
import type { AnswerQueue } from '../../exam/answer-queue.js';
import { useI18n } from '../../i18n/index.js';
import { isAnswered } from './question-view.js';

export function QuestionGrid({ questions, queue, current, onSelect }: { questions: ExamQuestion[]; queue: AnswerQueue; current: number; onSelect: (index: number) => void }) {
  const { t } = useI18n();

  return (
    <nav aria-label={t('exam.grid')} className="grid-panel">
      <h2 className="grid-title">{t('exam.grid')}</h2>
      <ol className="question-grid">
        {questions.map((question, index) => {
          const answer = queue.answerOf(question.id);
          const answered = isAnswered(answer.value);
          const states = [answered ? t('exam.legendAnswered') : t('exam.legendUnanswered')];
          if (answer.flagged) states.push(t('exam.legendFlagged'));
          if (answer.status !== 'saved') states.push(t(`exam.status.${answer.status}`));

          const classes = ['grid-cell', answered ? 'answered' : 'unanswered', answer.flagged ? 'flagged' : '', answer.status !== 'saved' ? 'unsaved' : ''];
          return (
            <li key={question.id}>
              <button
                type="button"
                className={classes.join(' ').trim()}
                aria-current={index === current ? 'step' : undefined}
                aria-label={`${t('exam.question', { number: question.number })}: ${states.join(', ')}`}
                onClick={() => onSelect(index)}
              >
                {question.number}
                {answer.flagged && <span aria-hidden="true" className="flag-mark">⚑</span>}
              </button>
            </li>
          );
        })}
      </ol>
      <ul className="legend" aria-hidden="true">
        <li><span className="swatch answered" /> {t('exam.legendAnswered')}</li>
        <li><span className="swatch flagged" /> {t('exam.legendFlagged')}</li>
        <li><span className="swatch unanswered" /> {t('exam.legendUnanswered')}</li>
      </ul>
    </nav>
  );
}
