/**
 * The short questionnaire that candidates and proctors answer after the exam. Four statements
 * rated on a five-point Likert scale and one free-text question per group, each in
 * Vietnamese with English beside. Question ids are stable because stored answers refer to them.
 */

export type Respondent = 'candidate' | 'proctor';

export interface LikertQuestion {
  id: string;
  kind: 'likert';
  textVi: string;
  textEn: string;
}

export interface FreeTextQuestion {
  id: string;
  kind: 'free_text';
  textVi: string;
  textEn: string;
  /** Longest answer kept, in characters. */
  maxLength: number;
}

export type FeedbackQuestion = LikertQuestion | FreeTextQuestion;

export interface Questionnaire {
  respondent: Respondent;
  version: number;
  titleVi: string;
  titleEn: string;
  questions: FeedbackQuestion[];
}

export interface LikertLevel {
  value: 1 | 2 | 3 | 4 | 5;
  labelVi: string;
  labelEn: string;
}

export const LIKERT_SCALE: readonly LikertLevel[] = [
  { value: 1, labelVi: 'Rất không đồng ý', labelEn: 'Strongly disagree' },
  { value: 2, labelVi: 'Không đồng ý', labelEn: 'Disagree' },
  { value: 3, labelVi: 'Phân vân', labelEn: 'Neutral' },
  { value: 4, labelVi: 'Đồng ý', labelEn: 'Agree' },
  { value: 5, labelVi: 'Rất đồng ý', labelEn: 'Strongly agree' },
];

const FREE_TEXT_MAX_LENGTH = 1000;

export const CANDIDATE_QUESTIONNAIRE: Questionnaire = {
  respondent: 'candidate',
  version: 1,
  titleVi: 'Phiếu khảo sát ý kiến thí sinh',
  titleEn: 'Candidate feedback questionnaire',
  questions: [
    {
      id: 'candidate.checkin_quick',
      kind: 'likert',
      textVi: 'Việc xác thực bằng thẻ CCCD gắn chip diễn ra nhanh chóng.',
      textEn: 'Checking in with the chip card was quick.',
    },
    {
      id: 'candidate.checkin_clear',
      kind: 'likert',
      textVi: 'Tôi hiểu rõ cần làm gì khi xác thực tại phòng thi.',
      textEn: 'I understood what to do at check-in.',
    },
    {
      id: 'candidate.exam_stable',
      kind: 'likert',
      textVi: 'Bài thi trên máy tính chạy ổn định, không bị gián đoạn.',
      textEn: 'The exam on the computer ran without interruption.',
    },
    {
      id: 'candidate.data_trust',
      kind: 'likert',
      textVi: 'Tôi tin rằng thông tin cá nhân của tôi được bảo vệ.',
      textEn: 'I trust that my personal data is protected.',
    },
    {
      id: 'candidate.comment',
      kind: 'free_text',
      textVi: 'Góp ý khác của bạn (không bắt buộc).',
      textEn: 'Any other comments (optional).',
      maxLength: FREE_TEXT_MAX_LENGTH,
    },
  ],
};

export const PROCTOR_QUESTIONNAIRE: Questionnaire = {
  respondent: 'proctor',
  version: 1,
  titleVi: 'Phiếu khảo sát ý kiến cán bộ coi thi',
  titleEn: 'Proctor feedback questionnaire',
  questions: [
    {
      id: 'proctor.identity_better',
      kind: 'likert',
      textVi: 'Xác thực bằng chip nhận diện thí sinh chính xác hơn so với đối chiếu giấy tờ thủ công.',
      textEn: 'Chip check-in identifies candidates more reliably than a manual document check.',
    },
    {
      id: 'proctor.station_easy',
      kind: 'likert',
      textVi: 'Trạm xác thực dễ sử dụng.',
      textEn: 'The check-in station is easy to use.',
    },
    {
      id: 'proctor.exceptions_clear',
      kind: 'likert',
      textVi: 'Cách xử lý trường hợp ngoại lệ (không có thẻ, thẻ lỗi, mất mạng) rõ ràng.',
      textEn: 'Handling exceptions (no card, faulty card, network loss) is clear.',
    },
    {
      id: 'proctor.continue',
      kind: 'likert',
      textVi: 'Tôi đề nghị tiếp tục áp dụng mô hình này.',
      textEn: 'I recommend continuing with this model.',
    },
    {
      id: 'proctor.comment',
      kind: 'free_text',
      textVi: 'Khó khăn gặp phải và đề xuất (không bắt buộc).',
      textEn: 'Problems met and suggestions (optional).',
      maxLength: FREE_TEXT_MAX_LENGTH,
    },
  ],
};

export const QUESTIONNAIRES: Record<Respondent, Questionnaire> = {
  candidate: CANDIDATE_QUESTIONNAIRE,
  proctor: PROCTOR_QUESTIONNAIRE,
};

/** Answers of one respondent: a Likert value 1..5 or a text per question id; unanswered questions are absent. */
export type FeedbackAnswers = Record<string, number | string>;

/**
 * Checks answers against the questionnaire and returns the list of problems (empty when the
 * answers are valid): unknown question ids, Likert values outside 1..5, texts that are too long.
 */
export function validateFeedbackAnswers(questionnaire: Questionnaire, answers: FeedbackAnswers): string[] {
  const questions = new Map(questionnaire.questions.map((question) => [question.id, question]));
  const problems: string[] = [];

  for (const [id, value] of Object.entries(answers)) {
    const question = questions.get(id);

    if (question === undefined) {
      problems.push(`question ${id} is not in the ${questionnaire.respondent} questionnaire version ${questionnaire.version}`);
      continue;
    }
    if (question.kind === 'likert' && !(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5)) {
      problems.push(`answer ${String(value)} to ${id} is invalid: use a whole number from 1 to 5`);
    }
    if (question.kind === 'free_text' && (typeof value !== 'string' || value.length > question.maxLength)) {
      problems.push(`answer to ${id} is invalid: use text of at most ${question.maxLength} characters`);
    }
  }

  return problems;
}
