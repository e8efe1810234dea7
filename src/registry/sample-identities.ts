// Generates test identities for the registry simulator: valid-looking 12-digit ID numbers
// (province code, century-and-sex digit, year of birth, sequence) and names with full
// Vietnamese diacritics. They are made up and belong to no real person.
import type { SimulatorDataFile, SimulatorRecord } from './simulator-data.js';
import { SIMULATOR_DATA_FORMAT } from './simulator-data.js';
import type { RegistrySex } from './types.js';

// Province codes of birth registration used here: 001 Hà Nội, 031 Hải Phòng, 048 Đà Nẵng,
// 079 Hồ Chí Minh, 092 Cần Thơ.
const PROVINCE_CODES = ['001', '031', '048', '079', '092'];
const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE_NAMES: Record<RegistrySex, string[]> = { M: ['Văn', 'Đức', 'Quốc', 'Minh', 'Hữu'], F: ['Thị', 'Ngọc', 'Thu', 'Mỹ', 'Khánh'] };
const GIVEN_NAMES: Record<RegistrySex, string[]> = {
  M: ['Dũng', 'Khải', 'Tuấn', 'Phúc', 'Hưng', 'Thắng', 'Đạt', 'Lộc'],
  F: ['Hằng', 'Thủy', 'Ánh', 'Nguyệt', 'Quỳnh', 'Diễm', 'Trâm', 'Hạnh'],
};

/** Returns the century-and-sex digit: 0/1 for the 1900s, 2/3 for the 2000s (male/female). */
function centurySexDigit(year: number, sex: RegistrySex): number {
  const centuryIndex = Math.floor(year / 100) - 19;
  return centuryIndex * 2 + (sex === 'F' ? 1 : 0);
}

/**
 * Returns `count` records, the same for the same count. Every fifth record (index 4, 9, ...) is
 * revoked; the rest are active.
 */
export function generateSampleRecords(count: number): SimulatorRecord[] {
  const records: SimulatorRecord[] = [];

  for (let index = 0; index < count; index += 1) {
    const sex: RegistrySex = index % 2 === 0 ? 'M' : 'F';
    const year = 1985 + ((index * 7) % 24);
    const month = 1 + ((index * 5) % 12);
    const day = 1 + ((index * 11) % 28);
    const province = PROVINCE_CODES[index % PROVINCE_CODES.length] ?? '001';
    const sequence = String(100_000 + index * 7_919).padStart(6, '0').slice(-6);
    const idNumber = `${province}${centurySexDigit(year, sex)}${String(year % 100).padStart(2, '0')}${sequence}`;
    const family = FAMILY_NAMES[index % FAMILY_NAMES.length] ?? 'Nguyễn';
    const middle = MIDDLE_NAMES[sex][index % MIDDLE_NAMES[sex].length] ?? '';
    const given = GIVEN_NAMES[sex][(index * 3) % GIVEN_NAMES[sex].length] ?? '';

    records.push({
      idNumber,
      fullName: `${family} ${middle} ${given}`.normalize('NFC'),
      birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
      sex,
      status: index % 5 === 4 ? 'revoked' : 'active',
    });
  }

  return records;
}

/** Wraps records in the data file format. */
export function toSimulatorDataFile(records: SimulatorRecord[]): SimulatorDataFile {
  return { format: SIMULATOR_DATA_FORMAT, records };
}
