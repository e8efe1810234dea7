// The server's error catalogue: every error the API returns has a stable code (AREA_PROBLEM),
// an HTTP status and a message template in Vietnamese and English. `{name}` in a template is
// replaced by the value of the same name from the error's parameters, so a message names the
// failing value. Areas add their codes in a section of their own; docs/api.md lists every code
// and a test keeps the two in step.

export interface ErrorDefinition {
  status: number;
  vi: string;
  en: string;
}

export const ERROR_CATALOGUE = {
  // Requests and the server
  REQUEST_INVALID: { status: 400, vi: 'Yêu cầu không hợp lệ: {problem}. Hãy sửa {field} rồi gửi lại.', en: 'Invalid request: {problem}. Correct {field} and send it again.' },
  REQUEST_NOTE_TOO_SHORT: { status: 400, vi: 'Lý do ở {field} chỉ có {length} ký tự khi bỏ khoảng trắng ở đầu và cuối, cần ít nhất {minLength} ký tự. Hãy ghi rõ lý do rồi gửi lại.', en: 'The written reason in {field} has {length} characters without its leading and trailing spaces and needs at least {minLength}. Write the reason out and send it again.' },
  REQUEST_NOT_FOUND: { status: 404, vi: 'Không có đường dẫn {method} {url}.', en: 'No route {method} {url}.' },
  REQUEST_CONFLICT: { status: 409, vi: 'Dữ liệu vừa bị thay đổi bởi một yêu cầu khác cùng lúc ({constraint}). Hãy tải lại rồi thử lại.', en: 'Another request changed the same data at the same time ({constraint}). Reload and try again.' },
  REQUEST_TOO_LARGE: { status: 413, vi: 'Nội dung gửi lên quá lớn (tối đa {limitBytes} byte).', en: 'The request body is too large (at most {limitBytes} bytes).' },
  SERVER_INTERNAL: { status: 500, vi: 'Lỗi máy chủ (mã yêu cầu {requestId}). Hãy thử lại; nếu lỗi lặp lại, báo quản trị viên kèm mã yêu cầu.', en: 'Server error (request id {requestId}). Try again; if it repeats, tell the administrator the request id.' },
  SERVER_NOT_READY: { status: 503, vi: 'Máy chủ chưa sẵn sàng: {reason}.', en: 'The server is not ready: {reason}.' },

  // Authentication and authorisation
  AUTH_REQUIRED: { status: 401, vi: 'Bạn cần đăng nhập.', en: 'You need to log in.' },
  AUTH_INVALID_CREDENTIALS: { status: 401, vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'The username or password is wrong.' },
  AUTH_ACCOUNT_LOCKED: { status: 423, vi: 'Tài khoản tạm khóa đến {until} sau nhiều lần đăng nhập sai. Hãy thử lại sau thời điểm đó hoặc nhờ quản trị viên mở khóa.', en: 'The account is locked until {until} after repeated failed logins. Try again after that time or ask an administrator to unlock it.' },
  AUTH_ACCOUNT_DISABLED: { status: 403, vi: 'Tài khoản {username} đã bị vô hiệu hóa.', en: 'The account {username} is disabled.' },
  AUTH_RATE_LIMITED: { status: 429, vi: 'Quá nhiều lần đăng nhập sai từ địa chỉ này. Hãy thử lại sau {until}.', en: 'Too many failed logins from this address. Try again after {until}.' },
  AUTH_CSRF_INVALID: { status: 403, vi: 'Thiếu hoặc sai mã chống giả mạo (tiêu đề x-csrf-token). Hãy tải lại trang.', en: 'The anti-forgery token (header x-csrf-token) is missing or wrong. Reload the page.' },
  AUTH_FORBIDDEN_ROLE: { status: 403, vi: 'Vai trò {role} không được phép thực hiện thao tác này (cần: {allowed}).', en: 'The role {role} may not do this (needs: {allowed}).' },
  AUTH_FORBIDDEN_UNIT: { status: 403, vi: 'Bạn không có quyền với đơn vị {unitId}.', en: 'You have no access to unit {unitId}.' },
  AUTH_PASSWORD_WEAK: { status: 400, vi: 'Mật khẩu phải có ít nhất {minLength} ký tự.', en: 'The password must have at least {minLength} characters.' },
  AUTH_PASSWORD_CHANGE_REQUIRED: { status: 403, vi: 'Bạn phải đổi mật khẩu dùng một lần trước khi tiếp tục.', en: 'Change the one-time password before going on.' },

  // Organisation and users
  UNIT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy đơn vị {unit}.', en: 'Unit {unit} not found.' },
  UNIT_CODE_TAKEN: { status: 409, vi: 'Mã đơn vị {code} đã được dùng.', en: 'The unit code {code} is already in use.' },
  CLASS_NOT_FOUND: { status: 404, vi: 'Không tìm thấy lớp {classId}.', en: 'Class {classId} not found.' },
  CLASS_CODE_TAKEN: { status: 409, vi: 'Mã lớp {code} đã có trong đơn vị.', en: 'The class code {code} already exists in this unit.' },
  PILOT_ROUND_NUMBER_TAKEN: { status: 409, vi: 'Đợt khảo sát thí điểm lần {number} đã có.', en: 'Pilot round {number} already exists.' },
  PILOT_ROUND_NOT_FOUND: { status: 404, vi: 'Không tìm thấy đợt khảo sát thí điểm {pilotRoundId}.', en: 'Pilot round {pilotRoundId} not found.' },
  USER_NOT_FOUND: { status: 404, vi: 'Không tìm thấy người dùng {userId}.', en: 'User {userId} not found.' },
  USER_USERNAME_TAKEN: { status: 409, vi: 'Tên đăng nhập {username} đã được dùng.', en: 'The username {username} is already in use.' },
  USER_UNIT_REQUIRED: { status: 400, vi: 'Vai trò {role} phải thuộc một đơn vị: hãy chọn đơn vị.', en: 'The role {role} belongs to a unit: choose a unit.' },
  USER_ROLE_NOT_GRANTABLE: { status: 403, vi: 'Bạn không được cấp vai trò {role}.', en: 'You may not grant the role {role}.' },

  // Candidates and candidate lists
  CANDIDATE_NOT_FOUND: { status: 404, vi: 'Không tìm thấy thí sinh {candidateId}.', en: 'Candidate {candidateId} not found.' },
  IMPORT_FILE_MISSING: { status: 400, vi: 'Chưa gửi tệp danh sách thí sinh (trường "file").', en: 'No candidate list file was sent (field "file").' },
  IMPORT_FILE_UNSUPPORTED: { status: 415, vi: 'Tệp {fileName} không phải .xlsx hoặc .csv. Hãy lưu lại bằng mẫu tải về.', en: 'The file {fileName} is not .xlsx or .csv. Save it again from the downloadable template.' },
  IMPORT_FILE_NOT_XLSX: { status: 422, vi: 'Tệp {fileName} không phải bảng tính Excel .xlsx ({found}). Hãy mở tệp bằng Excel, chọn Lưu thành (Save As) dạng Excel Workbook (.xlsx) hoặc CSV UTF-8 rồi nhập lại.', en: 'The file {fileName} is not an Excel .xlsx workbook ({found}). Open it in Excel, save it as Excel Workbook (.xlsx) or CSV UTF-8, and import it again.' },
  IMPORT_FILE_UNREADABLE: { status: 422, vi: 'Không đọc được tệp {fileName}: {reason}. Hãy lấy lại bản đầy đủ của tệp, mở bằng Excel và lưu thành Excel Workbook (.xlsx) hoặc CSV UTF-8 rồi nhập lại.', en: 'The file {fileName} cannot be read: {reason}. Get a complete copy of the file, open it in Excel, save it as Excel Workbook (.xlsx) or CSV UTF-8, and import it again.' },
  IMPORT_ENCODING_LEGACY: { status: 422, vi: 'Tệp {fileName} dùng bảng mã cũ {encoding}. Hãy chuyển sang Unicode (ví dụ bằng Unikey: Công cụ chuyển mã, {encoding} → Unicode) rồi nhập lại.', en: 'The file {fileName} uses the legacy {encoding} encoding. Convert it to Unicode (for example with Unikey\'s converter, {encoding} → Unicode) and import it again.' },
  IMPORT_HEADER_MISSING: { status: 422, vi: 'Thiếu cột {column} ở dòng tiêu đề. Hãy dùng mẫu tải về.', en: 'The header row lacks the column {column}. Use the downloadable template.' },
  IMPORT_ROWS_INVALID: { status: 422, vi: '{invalidRows} dòng có lỗi; chưa lưu dòng nào. Hãy sửa các lỗi rồi nhập lại.', en: '{invalidRows} rows have errors; nothing was saved. Correct the errors and import again.' },
  IMPORT_TOO_MANY_ROWS: { status: 413, vi: 'Danh sách có {rows} dòng, vượt giới hạn {maxRows} dòng mỗi lần nhập.', en: 'The list has {rows} rows, more than the limit of {maxRows} rows per import.' },

  // Row problems in a candidate list (returned per row and column, never as an HTTP error)
  ROW_ID_NUMBER_LOST_ZEROS: { status: 422, vi: 'Số CCCD {value} bị mất số 0 ở đầu (Excel lưu thành số). Đề xuất: {suggestion}. Hãy định dạng cột là Văn bản (Text) và nhập lại.', en: 'The ID number {value} lost its leading zeros (Excel stored it as a number). Suggested: {suggestion}. Format the column as Text and enter it again.' },
  ROW_ID_NUMBER_LOST_ZEROS_AMBIGUOUS: { status: 422, vi: 'Số CCCD {value} bị mất số 0 ở đầu và không thể khôi phục chắc chắn. Hãy định dạng cột là Văn bản (Text) và nhập lại đủ 12 chữ số.', en: 'The ID number {value} lost its leading zeros and cannot be restored with certainty. Format the column as Text and enter all 12 digits.' },
  ROW_ID_NUMBER_SCIENTIFIC: { status: 422, vi: 'Số CCCD {value} đã bị Excel đổi thành dạng số mũ và mất chữ số. Hãy định dạng cột là Văn bản (Text) và nhập lại đủ 12 chữ số.', en: 'Excel turned the ID number into scientific notation ({value}) and lost digits. Format the column as Text and enter all 12 digits.' },
  ROW_ID_NUMBER_INVALID: { status: 422, vi: 'Số CCCD {value} không hợp lệ: {reason}.', en: 'The ID number {value} is invalid: {reason}.' },
  ROW_ID_NUMBER_PROVINCE: { status: 422, vi: 'Số CCCD {value} có mã tỉnh {province} không tồn tại.', en: 'The ID number {value} has the province code {province}, which does not exist.' },
  ROW_ID_NUMBER_CENTURY_SEX: { status: 422, vi: 'Chữ số thứ 4 của số CCCD {value} là {digit}, không khớp với năm sinh {birthYear} và giới tính {sex} (đúng phải là {expected}).', en: 'Digit 4 of the ID number {value} is {digit}, which does not match birth year {birthYear} and sex {sex} (expected {expected}).' },
  ROW_ID_NUMBER_BIRTH_YEAR: { status: 422, vi: 'Chữ số 5-6 của số CCCD {value} là {digits}, không khớp với năm sinh {birthYear}.', en: 'Digits 5-6 of the ID number {value} are {digits}, which do not match birth year {birthYear}.' },
  ROW_DUPLICATE_IN_FILE: { status: 422, vi: 'Số {value} trùng với dòng {otherRow} trong tệp.', en: 'The number {value} repeats row {otherRow} of the file.' },
  ROW_DUPLICATE_IN_UNIT: { status: 422, vi: 'Số {value} đã thuộc thí sinh khác của đơn vị ({otherName}).', en: 'The number {value} already belongs to another candidate of the unit ({otherName}).' },
  ROW_NAME_MISSING: { status: 422, vi: 'Thiếu họ và tên.', en: 'The full name is missing.' },
  ROW_BIRTH_DATE_INVALID: { status: 422, vi: 'Ngày sinh {value} không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/09/2007.', en: 'The birth date {value} is invalid. Enter it as dd/mm/yyyy, for example 05/09/2007.' },
  ROW_SEX_INVALID: { status: 422, vi: 'Giới tính {value} không hợp lệ. Hãy nhập Nam hoặc Nữ.', en: 'The sex {value} is invalid. Enter Nam (male) or Nữ (female).' },
  ROW_CARD_ISSUED_ON_INVALID: { status: 422, vi: 'Ngày cấp {value} không hợp lệ. Hãy nhập theo dạng dd/mm/yyyy.', en: 'The card issue date {value} is invalid. Enter it as dd/mm/yyyy.' },
  ROW_CLASS_NOT_FOUND: { status: 422, vi: 'Lớp {value} không có trong đơn vị. Hãy tạo lớp trước hoặc sửa mã lớp.', en: 'The class {value} does not exist in the unit. Create the class first or correct the class code.' },
  ROW_NAME_NORMALISED: { status: 200, vi: 'Họ tên "{value}" được chuẩn hóa thành "{normalised}" (Unicode NFC, bỏ khoảng trắng thừa) để so khớp với chip; danh sách vẫn hiển thị như đã nhập.', en: 'The name "{value}" is normalised to "{normalised}" (Unicode NFC, extra spaces removed) for matching with the chip; lists still show it as typed.' },
  ROW_CHIP_CARD_MISSING: { status: 200, vi: 'Thí sinh chưa có CCCD gắn chip ({reason}). Đơn vị cần nhắc thí sinh làm thẻ trước ngày thi.', en: 'The candidate has no chipped ID card ({reason}). The unit should ask the candidate to get one before the exam.' },
  ROW_LEGACY_ID_INVALID: { status: 422, vi: 'Số CMND {value} không hợp lệ: phải có 9 chữ số.', en: 'The legacy ID number {value} is invalid: it must have 9 digits.' },

  // Exam events, sessions, rooms
  EXAM_EVENT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy kỳ thi {examEventId}.', en: 'Exam event {examEventId} not found.' },
  EXAM_EVENT_CODE_TAKEN: { status: 409, vi: 'Mã kỳ thi {code} đã có trong đơn vị.', en: 'The exam event code {code} already exists in this unit.' },
  EXAM_SESSION_NOT_FOUND: { status: 404, vi: 'Không tìm thấy ca thi {examSessionId}.', en: 'Exam session {examSessionId} not found.' },
  EXAM_SESSION_CODE_TAKEN: { status: 409, vi: 'Mã ca thi {code} đã có trong kỳ thi.', en: 'The session code {code} already exists in this exam event.' },
  ROOM_NOT_FOUND: { status: 404, vi: 'Không tìm thấy phòng thi {roomId}.', en: 'Exam room {roomId} not found.' },
  ROOM_CODE_TAKEN: { status: 409, vi: 'Mã phòng {code} đã có trong đơn vị.', en: 'The room code {code} already exists in this unit.' },
  SEATS_NOT_ENOUGH: { status: 409, vi: 'Không đủ chỗ ngồi: {candidates} thí sinh nhưng chỉ còn {seats} chỗ trống.', en: 'Not enough seats: {candidates} candidates but only {seats} free seats.' },
  SEAT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy chỗ ngồi {seat} trong phòng {room}.', en: 'Seat {seat} not found in room {room}.' },
  SEAT_TAKEN: { status: 409, vi: 'Chỗ ngồi {seat} đã xếp cho thí sinh khác trong ca thi.', en: 'Seat {seat} is already assigned to another candidate in this session.' },
  REGISTRATION_NOT_FOUND: { status: 404, vi: 'Thí sinh có số báo danh {candidateNumber} chưa đăng ký kỳ thi này.', en: 'No candidate with candidate number {candidateNumber} is registered for this exam event.' },

  // Question banks and exam taking (src/server/exam)
  EXAM_BANK_NOT_FOUND: { status: 404, vi: 'Không tìm thấy ngân hàng câu hỏi {bank}.', en: 'Question bank {bank} not found.' },
  EXAM_BANK_NAME_TAKEN: { status: 409, vi: 'Ngân hàng câu hỏi {name} đã có trong đơn vị.', en: 'The question bank {name} already exists in this unit.' },
  EXAM_QUESTION_NOT_FOUND: { status: 404, vi: 'Không tìm thấy câu hỏi {questionId}.', en: 'Question {questionId} not found.' },
  EXAM_QUESTION_INVALID: { status: 400, vi: 'Câu hỏi không hợp lệ: {problems}.', en: 'The question is invalid: {problems}.' },
  EXAM_IMPORT_FAILED: { status: 422, vi: 'Tệp câu hỏi có {errorCount} lỗi; chưa nhập câu nào. Hãy sửa các lỗi (xem danh sách) rồi nhập lại.', en: 'Errors in the question file: {errorCount}; nothing was imported. Correct the errors (see the list) and import again.' },
  EXAM_IMPORT_UNSUPPORTED: { status: 415, vi: 'Không nhận dạng được định dạng tệp {fileName}. Hãy dùng .docx, .xlsx, .gift, .txt (Aiken) hoặc .xml (Moodle XML).', en: 'The format of {fileName} is not recognised. Use .docx, .xlsx, .gift, .txt (Aiken) or .xml (Moodle XML).' },
  EXAM_SETUP_MISSING: { status: 409, vi: 'Ca thi {examSessionId} chưa được gán đề thi.', en: 'The exam session {examSessionId} has no exam set up.' },
  EXAM_SETUP_INVALID: { status: 400, vi: 'Thiết lập đề thi không hợp lệ: {problem}.', en: 'The exam setup is invalid: {problem}.' },
  EXAM_SETUP_LOCKED: { status: 409, vi: 'Ca thi đã có {started} thí sinh bắt đầu làm bài; không thể đổi đề.', en: '{started} candidates have started the exam; the exam setup can no longer change.' },
  EXAM_ATTEMPT_NOT_FOUND: { status: 404, vi: 'Không có bài thi nào đang mở cho thí sinh này ({attempt}).', en: 'No exam is open for this candidate ({attempt}).' },
  EXAM_NOT_UNLOCKED: { status: 403, vi: 'Thí sinh chưa được xác thực tại phòng thi cho ca {examSessionId}. Hãy làm thủ tục xác thực với cán bộ coi thi.', en: 'The candidate has not checked in for session {examSessionId}. Check in with the proctor.' },
  EXAM_NOT_STARTED: { status: 409, vi: 'Ca thi chưa bắt đầu; giờ bắt đầu là {opensAt}.', en: 'The exam has not started; it starts at {opensAt}.' },
  EXAM_LATE_START_CLOSED: { status: 409, vi: 'Đã hết thời gian được vào thi muộn ({lateStartUntil}). Hãy báo cán bộ coi thi.', en: 'The late-start window closed at {lateStartUntil}. Tell the proctor.' },
  EXAM_ATTEMPT_CLOSED: { status: 409, vi: 'Bài thi đã kết thúc ({status}); không nhận thêm thay đổi.', en: 'The attempt is closed ({status}); no more changes are accepted.' },
  EXAM_ATTEMPT_LOCKED: { status: 403, vi: 'Bài thi đã bị khóa lại sau khi đối chiếu CSDL dân cư ({reason}). Hãy gặp cán bộ coi thi; bài thi mở lại khi cán bộ coi thi cho vào thi lại.', en: 'The exam was locked again after the population registry check ({reason}). See the proctor; the exam opens again when the proctor re-admits you.' },
  EXAM_ATTEMPT_SUSPENDED: { status: 423, vi: 'Bài thi đang tạm dừng sau khi đối chiếu CSDL dân cư ({reason}). Không lưu được câu trả lời cho đến khi cán bộ coi thi quyết định; các thay đổi vẫn được giữ trên máy này. Hãy gặp cán bộ coi thi.', en: 'The exam is suspended after the population registry check ({reason}). Answers cannot be saved until the proctor decides; changes stay on this computer. See the proctor.' },
  EXAM_ATTEMPT_NOT_HELD: { status: 409, vi: 'Bài thi {attempt} đang ở trạng thái {status} và không bị giữ lại sau đối chiếu CSDL dân cư, nên không có gì để cho vào thi lại hay giữ khóa. Hãy tải lại trang theo dõi phòng thi.', en: 'Attempt {attempt} is {status} and has no hold after a registry answer, so there is nothing to re-admit or keep locked. Reload the room monitor.' },
  EXAM_DEVICE_CONFLICT: { status: 409, vi: 'Bài thi đang mở trên một máy khác. Hãy nhờ cán bộ coi thi chuyển chỗ để làm bài trên máy này.', en: 'The attempt is open on another device. Ask the proctor to move you to use this device.' },
  EXAM_RESULTS_NOT_RELEASED: { status: 403, vi: 'Kết quả chưa được công bố.', en: 'The results have not been released.' },
  EXAM_ANSWER_INVALID: { status: 400, vi: 'Câu trả lời cho câu {questionId} không hợp lệ: {problem}.', en: 'The answer to question {questionId} is invalid: {problem}.' },
  EXAM_GRADE_INVALID: { status: 400, vi: 'Điểm {score} không hợp lệ cho câu {questionId}: {problem}.', en: 'The score {score} is invalid for question {questionId}: {problem}.' },

  // Check-in at the exam room (src/server/checkin; documented in docs/api-checkin.md)
  CHECKIN_NOT_FOUND: { status: 404, vi: 'Không tìm thấy lượt xác thực {checkInId}.', en: 'Check-in {checkInId} not found.' },
  CHECKIN_NOT_REGISTERED: { status: 404, vi: 'Thí sinh {candidate} không có trong danh sách ca thi {examSessionId} tại phòng này.', en: 'Candidate {candidate} is not on the list of session {examSessionId} in this room.' },
  CHECKIN_QR_INVALID: { status: 400, vi: 'Không đọc được mã QR của thẻ: {problem}. Hãy quét lại mã QR ở mặt trước CCCD.', en: 'The card QR code cannot be read: {problem}. Scan the QR code on the front of the card again.' },
  CHECKIN_NO_STATION_ONLINE: { status: 409, vi: 'Chưa có trạm xác thực nào của phòng kết nối. Hãy chạy examgate station trên máy ở cửa phòng (hoặc cho vào thi không qua chip, có ghi lý do) và kiểm tra mạng.', en: 'No check-in station of the room is connected. Run examgate station on the computer at the room door (or admit the candidate without the chip, with a reason) and check the network.' },
  CHECKIN_STATION_OFFLINE: { status: 409, vi: 'Trạm xác thực {station} của phòng chưa kết nối. Hãy kiểm tra máy trạm và mạng.', en: 'Check-in station {station} of the room is not connected. Check the station computer and the network.' },
  CHECKIN_STATION_AMBIGUOUS: { status: 409, vi: 'Phòng có {count} trạm xác thực đang kết nối; hãy chọn trạm.', en: 'The room has {count} connected check-in stations; choose one.' },
  CHECKIN_STATION_NOT_FOUND: { status: 404, vi: 'Không tìm thấy trạm xác thực {stationId} trong phòng.', en: 'Check-in station {stationId} not found in the room.' },
  CHECKIN_STATION_TOKEN_NOT_FOUND: { status: 404, vi: 'Không tìm thấy mã trạm {tokenId} hoặc mã đã bị thu hồi.', en: 'Station token {tokenId} not found or already revoked.' },
  CHECKIN_INCIDENT_NOT_FOUND: { status: 404, vi: 'Không tìm thấy biên bản sự cố {incidentId}.', en: 'Incident report {incidentId} not found.' },
  CHECKIN_INCIDENT_CANDIDATE_INVALID: { status: 400, vi: 'Thí sinh {candidateId} không có trong danh sách kỳ thi {examEventId}; hãy chọn thí sinh của ca thi này.', en: 'Candidate {candidateId} is not registered for exam event {examEventId}; choose candidates of this session.' },
  CHECKIN_STATE_CONFLICT: { status: 409, vi: 'Lượt xác thực {checkInId} đang ở trạng thái {status}; không thể {action}.', en: 'Check-in {checkInId} is {status}; it cannot {action}.' },
  CHECKIN_FALLBACK_EMPTY: { status: 409, vi: 'Không còn thí sinh nào của phòng chờ xác thực trong ca {examSessionId}.', en: 'No candidate of the room is left to check in for session {examSessionId}.' },
  CHECKIN_TRUST_ANCHOR_INVALID: { status: 422, vi: 'Không nạp được tệp {name}: {problem}.', en: 'The file {name} cannot be loaded: {problem}.' },
  CHECKIN_TRUST_ANCHOR_NOT_FOUND: { status: 404, vi: 'Không tìm thấy chứng thư tin cậy {trustAnchorId}.', en: 'Trust anchor {trustAnchorId} not found.' },
  CHECKIN_PHOTO_NOT_FOUND: { status: 404, vi: 'Không có ảnh chip cho lượt xác thực {checkInId} (chưa đọc hoặc đã hết thời gian lưu).', en: 'No chip photo for check-in {checkInId} (not read yet, or its retention period ended).' },
  CHECKIN_PHOTO_KEY_MISSING: { status: 503, vi: 'Máy chủ chưa có khóa mã hóa ảnh (EXAMGATE_PHOTO_KEY), nên không lưu và không hiển thị ảnh chip.', en: 'The server has no photo encryption key (EXAMGATE_PHOTO_KEY), so chip photos are neither stored nor shown.' },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** Values that fill a message template; they are also returned in `details`. */
export type ErrorParams = Record<string, string | number | boolean | null | undefined>;

/** A message in both languages, Vietnamese first. */
export interface LocalisedMessage {
  vi: string;
  en: string;
}

/** Fills `{name}` placeholders from `params`; a missing value stays visible as `{name}`. */
export function renderTemplate(template: string, params: ErrorParams): string {
  return template.replace(/\{([a-zA-Z0-9]+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? placeholder : String(value);
  });
}

/**
 * Returns the parameters for one language: a parameter `nameVi` (or `nameEn`) replaces `name`
 * in that language's template, so a value such as a validation problem can be worded in each
 * language while both templates keep the same placeholders.
 */
function paramsFor(params: ErrorParams, suffix: 'Vi' | 'En'): ErrorParams {
  const localised: ErrorParams = { ...params };

  for (const [name, value] of Object.entries(params)) {
    if (name.length > suffix.length && name.endsWith(suffix) && value !== undefined && value !== null) {
      localised[name.slice(0, -suffix.length)] = value;
    }
  }

  return localised;
}

export function renderMessage(code: ErrorCode, params: ErrorParams = {}): LocalisedMessage {
  const definition: ErrorDefinition = ERROR_CATALOGUE[code];
  return { vi: renderTemplate(definition.vi, paramsFor(params, 'Vi')), en: renderTemplate(definition.en, paramsFor(params, 'En')) };
}

/** The JSON body of every API error. */
export interface ApiErrorBody {
  code: ErrorCode;
  message: LocalisedMessage;
  details: Record<string, unknown>;
}

/** An error that the API returns to the client with its catalogue code. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly params: ErrorParams;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, params: ErrorParams = {}, details: Record<string, unknown> = {}) {
    const message = renderMessage(code, params);
    super(`${code}: ${message.en}`);
    this.name = 'ApiError';
    this.code = code;
    this.status = ERROR_CATALOGUE[code].status;
    this.params = params;
    this.details = details;
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: renderMessage(this.code, this.params), details: { ...this.params, ...this.details } };
  }
}
