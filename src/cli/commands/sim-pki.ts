import { join } from 'node:path';

import type { Command } from 'commander';

import { createTestPki, TEST_PKI_MANIFEST_FILE, writeTestPki } from '../../sim/pki.js';
import { commandGroup } from './command-group.js';

interface SimPkiOptions {
  out: string;
}

/** Adds `examgate sim pki --out DIR`. */
export function register(program: Command): void {
  commandGroup(program, 'sim', 'Thẻ CCCD giả lập để thử nghiệm / Simulated CCCD cards for tests and training')
    .command('pki')
    .description('Tạo hạ tầng khóa thử nghiệm / Create a test PKI: CSCAs, document signers, CRLs and a manifest')
    .requiredOption('--out <dir>', 'folder to write the PKI into (created if missing)')
    .action(async (options: SimPkiOptions) => {
      const pki = createTestPki();
      const manifest = await writeTestPki(pki, options.out);

      process.stdout.write([
        `Đã tạo PKI thử nghiệm / Test PKI written: ${join(options.out, TEST_PKI_MANIFEST_FILE)}`,
        `  CSCA: ${manifest.cscas.map((csca) => `${csca.id}${csca.trusted ? '' : ' (không tin cậy / untrusted)'}`).join(', ')}`,
        `  Chứng thư ký / Document signers: ${manifest.signers.map((signer) => `${signer.id} (${signer.status})`).join(', ')}`,
        `  Thư mục tin cậy / Trust folder for card verify --trust: ${join(options.out, manifest.trustDirectory)}`,
        'Chỉ dùng để thử nghiệm / For tests only: the private keys are not protected.',
        '',
      ].join('\n'));
    });
}
