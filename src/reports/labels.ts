/**
 * Vietnamese and English labels of the codes that appear in reports (check-in reasons,
 * registry outcomes, incident kinds, check-in steps). A code without a label is printed as it
 * is, so a new code shows up in the report instead of vanishing.
 */
export interface Label {
  vi: string;
  en: string;
}

const LABELS: Record<string, Label> = {
  // Reasons for a refused attempt or a proctor override.
  unspecified: { vi: 'Không ghi lý do', en: 'No reason given' },
  no_card: { vi: 'Không mang hoặc chưa có thẻ CCCD gắn chip', en: 'No chipped card' },
  card_read_failed: { vi: 'Không đọc được chip', en: 'Chip could not be read' },
  chip_unreadable: { vi: 'Chip hỏng, không đọc được', en: 'Chip damaged or unreadable' },
  chip_not_genuine: { vi: 'Chip không xác thực được (nghi thẻ giả)', en: 'Chip failed authentication (suspected forgery)' },
  passive_authentication_failed: { vi: 'Sai chữ ký hoặc mã băm dữ liệu chip', en: 'Passive authentication failed' },
  active_authentication_failed: { vi: 'Chip không chứng minh được tính xác thực', en: 'Active authentication failed' },
  unknown_issuer: { vi: 'Không rõ cơ quan cấp (chưa nạp CSCA)', en: 'Unknown issuer (CSCA not loaded)' },
  identity_mismatch: { vi: 'Thông tin chip không khớp danh sách đăng ký', en: 'Chip data does not match the registration' },
  card_expired: { vi: 'Thẻ hết hạn', en: 'Card expired' },
  face_mismatch: { vi: 'Ảnh chip không khớp người dự thi', en: 'Chip photo does not match the person' },
  registry_rejected: { vi: 'CSDL dân cư không xác nhận', en: 'Registry did not confirm' },
  no_readable_card: { vi: 'Không đọc được thẻ', en: 'No readable card' },
  wrong_access_key: { vi: 'Không mở được chip bằng số CCCD đã đăng ký', en: 'Chip did not open with the registered ID number' },
  tampered_file: { vi: 'Dữ liệu chip bị sửa (sai mã băm)', en: 'Chip data altered (hash mismatch)' },
  invalid_signature: { vi: 'Chữ ký số dữ liệu chip không hợp lệ', en: 'Invalid signature on chip data' },
  expired_signer_or_card: { vi: 'Thẻ hoặc chứng thư ký đã hết hạn', en: 'Card or signing certificate expired' },
  clone_suspected: { vi: 'Nghi thẻ giả hoặc dữ liệu phát lại', en: 'Clone or replay suspected' },
  not_registered: { vi: 'Không có tên trong danh sách ca thi', en: 'Not on the session list' },
  data_mismatch: { vi: 'Dữ liệu chip không khớp danh sách đăng ký', en: 'Chip data does not match the registration' },
  registry_mismatch: { vi: 'CSDL dân cư có thông tin khác chip', en: 'Registry data differs from the chip' },
  registry_not_found: { vi: 'Không có trong CSDL dân cư', en: 'Not found in the registry' },
  registry_revoked: { vi: 'CSDL dân cư báo thẻ không còn hiệu lực', en: 'Registry reports the card revoked' },
  broken_chip: { vi: 'Chip hỏng hoặc không đọc được', en: 'Chip broken or unreadable' },
  reader_failure: { vi: 'Đầu đọc hoặc trạm xác thực hỏng', en: 'Card reader or check-in station failed' },
  other: { vi: 'Lý do khác', en: 'Other reason' },
  // Registry outcomes.
  match: { vi: 'Khớp', en: 'Match' },
  mismatch: { vi: 'Không khớp', en: 'Mismatch' },
  not_found: { vi: 'Không tìm thấy', en: 'Not found' },
  revoked: { vi: 'Thẻ đã bị thu hồi', en: 'Card revoked' },
  pending: { vi: 'Chờ xác thực (mất kết nối)', en: 'Pending (outage)' },
  error: { vi: 'Lỗi', en: 'Error' },
  // Incident kinds.
  network_loss: { vi: 'Mất mạng', en: 'Network loss' },
  power_cut: { vi: 'Mất điện', en: 'Power cut' },
  device_fault: { vi: 'Hỏng thiết bị', en: 'Device fault' },
  identity_dispute: { vi: 'Nghi vấn nhân thân', en: 'Identity dispute' },
  misconduct: { vi: 'Vi phạm quy chế', en: 'Misconduct' },
  // Check-in steps.
  select: { vi: 'Chọn thí sinh', en: 'Selecting the candidate' },
  wait_for_card: { vi: 'Chờ đặt thẻ', en: 'Waiting for the card' },
  read: { vi: 'Đọc chip', en: 'Reading the chip' },
  verify: { vi: 'Kiểm tra trên máy chủ', en: 'Server verification' },
  registry: { vi: 'Đối chiếu CSDL dân cư', en: 'Registry check' },
  pace: { vi: 'Thiết lập kênh PACE', en: 'PACE' },
  bac: { vi: 'Thiết lập kênh BAC', en: 'BAC' },
  read_files: { vi: 'Đọc dữ liệu chip', en: 'Reading chip files' },
  passive_authentication: { vi: 'Xác thực thụ động', en: 'Passive authentication' },
  active_authentication: { vi: 'Xác thực chủ động', en: 'Active authentication' },
  chip_authentication: { vi: 'Xác thực chip', en: 'Chip authentication' },
  registry_check: { vi: 'Đối chiếu CSDL dân cư', en: 'Registry check' },
  proctor_confirmation: { vi: 'CBCT xác nhận', en: 'Proctor confirmation' },
  // Chip status of a registered candidate.
  legacy_id: { vi: 'Chỉ có CMND 9 số', en: 'Legacy 9-digit ID only' },
  pre_2021_card: { vi: 'Thẻ CCCD không gắn chip (cấp trước 2021)', en: 'Card without chip (issued before 2021)' },
};

/** Returns the label of a code, or the code itself in both languages when it has none. */
export function labelOf(code: string): Label {
  return LABELS[code] ?? { vi: code, en: code };
}
