// Small questions shared by the exam unit tests.
import type { Question } from '../../../src/exam/question.js';

export function singleChoice(id = 'q1', points = 0.25): Question {
  return {
    id,
    kind: 'single',
    stem: 'Thủ đô của Việt Nam là thành phố nào?',
    points,
    options: [
      { id: 'o-hn', text: 'Hà Nội' },
      { id: 'o-hue', text: 'Huế' },
      { id: 'o-dn', text: 'Đà Nẵng' },
      { id: 'o-hcm', text: 'Thành phố Hồ Chí Minh' },
    ],
    correctOptionId: 'o-hn',
  };
}

export function trueFalse(id = 'q2', points = 1): Question {
  return {
    id,
    kind: 'true-false-4',
    stem: 'Cho hàm số $y = x^2$. Xét tính đúng sai của các mệnh đề sau.',
    points,
    section: 'II',
    statements: [
      { id: 's-a', text: 'Hàm số đồng biến trên $(0; +\\infty)$.', correct: true },
      { id: 's-b', text: 'Đồ thị đi qua điểm $(1; 2)$.', correct: false },
      { id: 's-c', text: 'Hàm số có giá trị nhỏ nhất bằng 0.', correct: true },
      { id: 's-d', text: 'Hàm số là hàm lẻ.', correct: false },
    ],
  };
}
