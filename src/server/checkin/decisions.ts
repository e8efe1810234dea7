// The decision catalogue of check-in: every reason a check-in ends the way it does, with the
// message the proctor reads (Vietnamese first, English beside) and the proctor's next step.
// Codes are stable: the audit log, the check-in table and the pilot evaluation store them.

export interface DecisionReason {
  vi: string;
  en: string;
  /** What the proctor does next. */
  nextStep: { vi: string; en: string };
}

export const REFUSAL_REASONS = {
  no_readable_card: {
    vi: 'Không đọc được thẻ: không có thẻ trên đầu đọc, thẻ bị rút ra giữa chừng hoặc chip không trả lời.',
    en: 'No readable card: no card on the reader, the card was taken off during the read, or the chip does not answer.',
    nextStep: { vi: 'Đặt lại thẻ lên đầu đọc và giữ yên đến khi có kết quả. Nếu chip hỏng, dùng "Cho vào thi không qua chip" kèm lý do.', en: 'Place the card on the reader again and hold it still until the result shows. If the chip is broken, use "Admit without chip" with a reason.' },
  },
  wrong_access_key: {
    vi: 'Không mở được chip bằng số CCCD đã đăng ký: thẻ không phải của thí sinh đã chọn hoặc số CCCD đăng ký bị sai.',
    en: 'The chip did not open with the registered ID number: the card belongs to someone other than the chosen candidate, or the registered ID number is wrong.',
    nextStep: { vi: 'Kiểm tra đã chọn đúng thí sinh và đối chiếu số CCCD in trên thẻ với danh sách.', en: 'Check that the right candidate is chosen and compare the ID number printed on the card with the list.' },
  },
  tampered_file: {
    vi: 'Dữ liệu trong chip đã bị sửa sau khi cấp (sai mã băm so với EF.SOD).',
    en: 'Data in the chip was changed after issuance (its hash does not match EF.SOD).',
    nextStep: { vi: 'Không cho vào thi bằng thẻ này. Lập biên bản và báo lãnh đạo điểm thi.', en: 'Do not admit with this card. Write an incident report and tell the head of the exam site.' },
  },
  invalid_signature: {
    vi: 'Chữ ký số của dữ liệu chip không hợp lệ.',
    en: 'The digital signature of the chip data is invalid.',
    nextStep: { vi: 'Không cho vào thi bằng thẻ này. Lập biên bản và báo lãnh đạo điểm thi.', en: 'Do not admit with this card. Write an incident report and tell the head of the exam site.' },
  },
  unknown_issuer: {
    vi: 'Thẻ được ký bởi cơ quan cấp chưa có trong danh sách tin cậy (CSCA chưa được nạp).',
    en: 'The card is signed by an issuer that is not in the trust store (its CSCA is not loaded).',
    nextStep: { vi: 'Báo quản trị Sở nạp chứng thư CSCA. Trong lúc chờ, có thể cho vào thi không qua chip kèm lý do.', en: 'Ask the department administrator to load the CSCA certificate. Meanwhile, admit without chip with a reason if needed.' },
  },
  expired_signer_or_card: {
    vi: 'Chứng thư ký của thẻ hoặc chính thẻ CCCD đã hết hạn vào ngày thi.',
    en: 'The card\'s signing certificate or the ID card itself has expired on the exam date.',
    nextStep: { vi: 'Hỏi thí sinh về thẻ mới. Có thể cho vào thi không qua chip kèm lý do và ghi biên bản.', en: 'Ask the candidate about a new card. Admit without chip with a reason and record it if needed.' },
  },
  clone_suspected: {
    vi: 'Nghi thẻ giả hoặc dữ liệu phát lại: chip không chứng minh được là chip thật (xác thực chủ động hoặc xác thực chip thất bại).',
    en: 'Clone suspected or replayed data: the chip did not prove it is genuine (active or chip authentication failed).',
    nextStep: { vi: 'Không cho vào thi bằng thẻ này. Giữ thẻ, lập biên bản và báo lãnh đạo điểm thi.', en: 'Do not admit with this card. Keep the card, write an incident report and tell the head of the exam site.' },
  },
  not_registered: {
    vi: 'Chủ thẻ không có tên trong danh sách thí sinh của ca thi tại phòng này.',
    en: 'The card holder is not on the candidate list of this session in this room.',
    nextStep: { vi: 'Hướng dẫn thí sinh đến đúng phòng thi, hoặc liên hệ thư ký kỳ thi.', en: 'Direct the candidate to the right room, or contact the exam secretary.' },
  },
  data_mismatch: {
    vi: 'Thông tin trong chip (số CCCD, họ tên hoặc ngày sinh) không khớp với danh sách đăng ký.',
    en: 'The chip data (ID number, full name or birth date) does not match the registration.',
    nextStep: { vi: 'Đối chiếu giấy tờ; nếu danh sách nhập sai, báo quản trị đơn vị sửa rồi xác thực lại.', en: 'Compare the documents; if the list was entered wrongly, ask the unit administrator to correct it and check in again.' },
  },
  face_mismatch: {
    vi: 'Cán bộ coi thi xác định khuôn mặt không giống ảnh trong chip.',
    en: 'The proctor found that the face does not match the chip photo.',
    nextStep: { vi: 'Không cho vào thi. Lập biên bản và báo lãnh đạo điểm thi.', en: 'Do not admit. Write an incident report and tell the head of the exam site.' },
  },
  registry_mismatch: {
    vi: 'CSDL quốc gia về dân cư có thông tin khác với chip.',
    en: 'The national population database holds data that differs from the chip.',
    nextStep: { vi: 'Lập biên bản; thí sinh liên hệ cơ quan công an để kiểm tra thông tin.', en: 'Write an incident report; the candidate asks the police to check their record.' },
  },
  registry_not_found: {
    vi: 'Không tìm thấy số CCCD trong CSDL quốc gia về dân cư.',
    en: 'The ID number was not found in the national population database.',
    nextStep: { vi: 'Lập biên bản và báo lãnh đạo điểm thi.', en: 'Write an incident report and tell the head of the exam site.' },
  },
  registry_revoked: {
    vi: 'CSDL quốc gia về dân cư cho biết thẻ hoặc danh tính này không còn hiệu lực.',
    en: 'The national population database reports that this card or identity is no longer valid.',
    nextStep: { vi: 'Không cho vào thi bằng thẻ này. Lập biên bản và báo lãnh đạo điểm thi.', en: 'Do not admit with this card. Write an incident report and tell the head of the exam site.' },
  },
} as const satisfies Record<string, DecisionReason>;

export type RefusalReason = keyof typeof REFUSAL_REASONS;

/**
 * Reason codes a proctor picks when admitting without chip evidence; a written note is required
 * beside the code. The check-in table stores the code in `reason` and the note in
 * `override_reason`. Rows from before the catalogue carry `other` (migration 0203).
 */
export const OVERRIDE_KINDS = {
  no_card: { vi: 'Thí sinh chưa có CCCD gắn chip hoặc thẻ đang được cấp lại', en: 'No chipped ID card yet, or the card is being reissued' },
  broken_chip: { vi: 'Chip hỏng hoặc không đọc được', en: 'The chip is broken or unreadable' },
  reader_failure: { vi: 'Đầu đọc hoặc trạm xác thực bị hỏng', en: 'The card reader or the check-in station failed' },
  other: { vi: 'Lý do khác (ghi rõ trong lý do)', en: 'Another reason (described in the note)' },
} as const;

export type OverrideKind = keyof typeof OVERRIDE_KINDS;

export const REFUSAL_REASON_CODES = Object.keys(REFUSAL_REASONS) as RefusalReason[];
export const OVERRIDE_KIND_CODES = Object.keys(OVERRIDE_KINDS) as OverrideKind[];

/** The proctor-facing text of a refusal reason. */
export function describeRefusal(reason: RefusalReason): DecisionReason {
  return REFUSAL_REASONS[reason];
}
