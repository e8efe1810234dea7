import type { Command } from 'commander';

import { register as registerAdmin } from './admin.js';
import { register as registerAudit } from './audit.js';
import { register as registerCardRead } from './card-read.js';
import { register as registerCardVerify } from './card-verify.js';
import { register as registerDemo } from './demo.js';
import { register as registerExportQuestions } from './export-questions.js';
import { register as registerImportCandidates } from './import-candidates.js';
import { register as registerImportQuestions } from './import-questions.js';
import { register as registerMrz } from './mrz.js';
import { register as registerRegistrySim } from './registry-sim.js';
import { register as registerReport } from './report.js';
import { register as registerServe } from './serve.js';
import { register as registerSimCard } from './sim-card.js';
import { register as registerSimInsert } from './sim-insert.js';
import { register as registerSimPki } from './sim-pki.js';
import { register as registerStation } from './station.js';

/**
 * Adds every subcommand to the program. Each command module exports one `register`
 * function so that this list is the only place that names them all.
 */
export function registerCommands(program: Command): void {
  // Commands are added here as their modules land.
  void program;
  registerReport(program);
  registerMrz(program);
  registerRegistrySim(program);
  registerServe(program);
  registerAdmin(program);
  registerImportCandidates(program);
  registerAudit(program);
  registerCardVerify(program);
  registerSimPki(program);
  registerSimCard(program);
  registerSimInsert(program);
  registerCardRead(program);
  registerImportQuestions(program);
  registerExportQuestions(program);
  registerStation(program);
  registerDemo(program);
}
