// Made-up Vietnamese names with full diacritics for demo data, samples and tests. They are
// combinations of common family, middle and given names, not anyone's record.

const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Đinh', 'Trịnh', 'Lương', 'Mạc'];
const MIDDLE_NAMES_MALE = ['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Thành', 'Gia', 'Hoàng', 'Tuấn', 'Xuân'];
const MIDDLE_NAMES_FEMALE = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Diệu', 'Bảo', 'Khánh', 'Mỹ', 'Phương', 'Hồng'];
const GIVEN_NAMES_MALE = ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hùng', 'Khoa', 'Long', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Thắng', 'Trí', 'Tùng', 'Việt', 'Vĩnh', 'Khải'];
const GIVEN_NAMES_FEMALE = ['Anh', 'Châu', 'Diệp', 'Giang', 'Hà', 'Hạnh', 'Hương', 'Lan', 'Linh', 'Mai', 'Ngân', 'Nhung', 'Oanh', 'Phượng', 'Quỳnh', 'Thảo', 'Trang', 'Uyên', 'Vy', 'Yến'];

function pick<T>(list: readonly T[], random: () => number): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** Returns a full name in Unicode NFC for the given sex, drawing from `random` (0 <= x < 1). */
export function vietnameseName(sex: 'M' | 'F', random: () => number): string {
  const middle = sex === 'M' ? MIDDLE_NAMES_MALE : MIDDLE_NAMES_FEMALE;
  const given = sex === 'M' ? GIVEN_NAMES_MALE : GIVEN_NAMES_FEMALE;
  return `${pick(FAMILY_NAMES, random)} ${pick(middle, random)} ${pick(given, random)}`.normalize('NFC');
}

/** A small deterministic random source (mulberry32) for reproducible demo data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
