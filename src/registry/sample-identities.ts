// Generates test identities for the registry simulator: valid-looking 12-digit ID numbers from
// the chip library's seeded generator and names with full Vietnamese diacritics. They are made
// up and belong to no real person.
import { createIdNumberGenerator } from '../chip/idnumber/index.js';
import type { SimulatorDataFile, SimulatorRecord } from './simulator-data.js';
import { SIMULATOR_DATA_FORMAT } from './simulator-data.js';
import type { RegistrySex } from './types.js';

const FAMILY_NAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE_NAMES: Record<RegistrySex, string[]> = { M: ['Văn', 'Đức', 'Quốc', 'Minh', 'Hữu'], F: ['Thị', 'Ngọc', 'Thu', 'Mỹ', 'Khánh'] };
const GIVEN_NAMES: Record<RegistrySex, string[]> = {
  M: ['Dũng', 'Khải', 'Tuấn', 'Phúc', 'Hưng', 'Thắng', 'Đạt', 'Lộc'],
  F: ['Hằng', 'Thủy', 'Ánh', 'Nguyệt', 'Quỳnh', 'Diễm', 'Trâm', 'Hạnh'],
};
const SAMPLE_SEED = 0x52454749;

function pick(list: readonly string[], index: number): string {
  return list[index % list.length] ?? '';
}

/**
 * Returns `count` records, the same for the same count. Even indexes are male, odd ones
 * female. Every fifth record (index 4, 9, ...) is revoked; the rest are active.
 */
export function generateSampleRecords(count: number): SimulatorRecord[] {
  const generator = createIdNumberGenerator(SAMPLE_SEED);
  const records: SimulatorRecord[] = [];

  for (let index = 0; index < count; index += 1) {
    const sex: RegistrySex = index % 2 === 0 ? 'M' : 'F';
    const identity = generator.next({ sex, birthYears: [1970, 2008] });
    const fullName = `${pick(FAMILY_NAMES, index)} ${pick(MIDDLE_NAMES[sex], index)} ${pick(GIVEN_NAMES[sex], index * 3)}`;

    records.push({
      idNumber: identity.idNumber,
      fullName: fullName.normalize('NFC'),
      birthDate: identity.birthDate,
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
