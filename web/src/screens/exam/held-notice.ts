// The notice of an attempt on hold after a late registry result. The count of unsent changes is
// named only when there are some, so a candidate with none does not read "0 unsent changes".
import type { MessageKey } from '../../i18n/vi.js';

/** Returns the message key and its parameters for the held notice. */
export function heldNotice(unsent: number): { key: MessageKey; params: Record<string, number> } {
  if (unsent > 0) {
    return { key: 'exam.heldUnsent', params: { unsent } };
  }

  return { key: 'exam.held', params: {} };
}
