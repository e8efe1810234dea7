import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

const CCCD = ['IDVNM0990123459001099012345<<0', '9901018M3901016VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<'];

function runMrz(args: string[]): { status: number | null; stdout: string } {
  const result = spawnSync(process.execPath, ['bin/examgate.js', 'mrz', ...args], { encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout };
}

describe('examgate mrz', () => {
  it('prints the JSON fields of a valid CCCD', () => {
    const { status, stdout } = runMrz([...CCCD, '--json']);
    const json = JSON.parse(stdout);

    assert.equal(status, 0);
    assert.equal(json.documentCode, 'ID');
    assert.equal(json.issuingState, 'VNM');
    assert.equal(json.documentNumber, '099012345');
    assert.equal(json.idNumber, '001099012345');
    assert.equal(json.birthDate, '1999-01-01');
    assert.equal(json.sex, 'M');
    assert.equal(json.expiryDate, '2039-01-01');
    assert.equal(json.nationality, 'VNM');
    assert.equal(json.surname, 'NGUYEN');
    assert.equal(json.givenNames, 'VAN A');
    assert.equal(json.valid, true);
    assert.deepEqual(json.errors, []);
  });

  it('exits non-zero naming the failing check digit', () => {
    const { status, stdout } = runMrz([CCCD[0] as string, '9901018M3901017VNM<<<<<<<<<<<0', CCCD[2] as string]);

    assert.equal(status, 1);
    assert.match(stdout, /expiryDate/);
    assert.match(stdout, /composite/);
  });

  it('prints null expiry for 991231', () => {
    const { status, stdout } = runMrz(['IDVNM2030123450079203012345<<0', '0302014F9912315VNM<<<<<<<<<<<4', 'TRAN<<THI<B<<<<<<<<<<<<<<<<<<<', '--json']);

    assert.equal(status, 0);
    assert.equal(JSON.parse(stdout).expiryDate, null);
  });
});
