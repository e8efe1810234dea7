import type { Kysely } from 'kysely';

import { computeRoundCost, DEFAULT_PRICE_LIST, estimateCost, type CostEstimateInput, type CostTable, type PriceList } from '../../reports/cost.js';
import { buildCostDocument } from '../../reports/cost-document.js';
import type { ReportDocument, ReportHeader } from '../../reports/document.js';
import { evaluatePilot, type EvaluationReport } from '../../reports/evaluation.js';
import type { EvaluationInput } from '../../reports/evaluation-input.js';
import { buildEvaluationDocument } from '../../reports/evaluation-document.js';
import { buildNoChipDocument, type NoChipCandidate } from '../../reports/no-chip.js';
import { buildResultsDocument, computeResults, type ResultsInput, type ResultsReport } from '../../reports/results.js';
import type { Database, UnitTable } from '../db/schema.js';
import { loadEvaluationInput } from './evaluation-query.js';
import { countBillableChecks } from './metered-checks.js';
import { listNoChipCandidates } from './no-chip-query.js';
import { loadPriceList } from './price-list-store.js';
import { loadResultsInput } from './results-query.js';

/** The department name used when storage has none yet. */
export const DEFAULT_DEPARTMENT_NAME = 'Sở Giáo dục và Đào tạo';

/** A blank to fill in by hand, as printed forms leave it, when no place is set. */
export const BLANK_PLACE = '……………';

export interface ReportScope {
  round?: number;
  unit?: UnitTable;
  /** Place name before the date; default a blank. */
  place?: string;
  issuedAt?: Date;
}

/** A report's figures (for JSON and screens) together with its printable document. */
export interface BuiltReport<T> {
  data: T;
  document: ReportDocument;
}

/**
 * Builds the administrative header for a scope: the unit upper left with the department
 * above it, or the department alone.
 */
export async function reportHeader(db: Kysely<Database>, scope: ReportScope): Promise<Omit<ReportHeader, 'titleVi' | 'titleEn'>> {
  const department = await db.selectFrom('departments').select('name').orderBy('created_at').limit(1).executeTakeFirst();
  const departmentName = department?.name ?? DEFAULT_DEPARTMENT_NAME;
  const common = { place: scope.place ?? BLANK_PLACE, issuedAt: scope.issuedAt ?? new Date() };

  if (scope.unit === undefined) {
    return { organisation: departmentName, ...common };
  }

  return { parentOrganisation: departmentName, organisation: scope.unit.name, ...common };
}

/** Finds a unit by code or id, or throws with the code that was not found. */
export async function requireReportUnit(db: Kysely<Database>, codeOrId: string): Promise<UnitTable> {
  const unit = await db.selectFrom('units').selectAll().where((eb) => eb.or([eb('code', '=', codeOrId), eb('id', '=', codeOrId)])).executeTakeFirst();
  if (unit === undefined) {
    throw new Error(`unit ${codeOrId} was not found; give the code of an existing unit`);
  }

  return unit;
}

/**
 * Builds the pilot evaluation. With a unit in the scope, only that unit's records enter the
 * evaluation, so its "department" figures are the unit's and no other unit's data is returned.
 */
export async function buildEvaluationReport(db: Kysely<Database>, scope: ReportScope): Promise<BuiltReport<EvaluationReport>> {
  const report = evaluatePilot(restrictInput(await loadEvaluationInput(db), scope));
  const document = buildEvaluationDocument(report, {
    header: await reportHeader(db, scope),
    ...(scope.round === undefined ? {} : { round: scope.round }),
    ...(scope.unit === undefined ? {} : { unitId: scope.unit.id }),
  });

  return { data: report, document };
}

function restrictInput(input: EvaluationInput, scope: ReportScope): EvaluationInput {
  const unitId = scope.unit?.id;
  const round = scope.round;
  const keep = (record: { round: number; unitId: string }) => (unitId === undefined || record.unitId === unitId) && (round === undefined || record.round === round);

  return {
    units: input.units.filter((unit) => unitId === undefined || unit.id === unitId),
    rounds: input.rounds.filter((entry) => round === undefined || entry.number === round),
    registrations: input.registrations.filter(keep),
    checkInAttempts: input.checkInAttempts.filter(keep),
    registryChecks: input.registryChecks.filter(keep),
    registryOutages: input.registryOutages.filter(keep),
    incidents: input.incidents.filter(keep),
    examAttempts: input.examAttempts.filter(keep),
    attemptHolds: input.attemptHolds.filter(keep),
    feedback: input.feedback.filter(keep),
  };
}

export async function buildNoChipReport(db: Kysely<Database>, scope: ReportScope): Promise<BuiltReport<NoChipCandidate[]>> {
  const candidates = await listNoChipCandidates(db, {
    ...(scope.round === undefined ? {} : { round: scope.round }),
    ...(scope.unit === undefined ? {} : { unitId: scope.unit.id }),
  });

  return { data: candidates, document: buildNoChipDocument(candidates, await reportHeader(db, scope)) };
}

/**
 * Builds the results of one exam event. Without an event code, the scope must match exactly
 * one exam event (by round and unit); otherwise the error lists the candidates to choose from.
 */
export async function buildResultsReport(
  db: Kysely<Database>,
  scope: ReportScope & { event?: string },
): Promise<BuiltReport<{ input: ResultsInput; results: ResultsReport }>> {
  const eventId = await resolveExamEvent(db, scope);
  const input = await loadResultsInput(db, { examEventId: eventId, ...(scope.unit === undefined ? {} : { unitId: scope.unit.id }) });

  return {
    data: { input, results: computeResults(input) },
    document: buildResultsDocument(input, await reportHeader(db, scope)),
  };
}

async function resolveExamEvent(db: Kysely<Database>, scope: ReportScope & { event?: string }): Promise<string> {
  let query = db.selectFrom('exam_events').leftJoin('pilot_rounds', 'pilot_rounds.id', 'exam_events.pilot_round_id').select(['exam_events.id', 'exam_events.code']);

  if (scope.event !== undefined) {
    const event = scope.event;
    query = query.where((eb) => eb.or([eb('exam_events.id', '=', event), eb('exam_events.code', '=', event)]));
  }
  if (scope.unit !== undefined) {
    query = query.where('exam_events.unit_id', '=', scope.unit.id);
  }
  if (scope.round !== undefined) {
    query = query.where('pilot_rounds.number', '=', scope.round);
  }

  const events = await query.orderBy('exam_events.code').execute();
  if (events.length === 1 && events[0] !== undefined) {
    return events[0].id;
  }
  if (events.length === 0) {
    throw new Error('no exam event matches; check --event, --round and --unit');
  }

  throw new Error(`${events.length} exam events match (${events.map((event) => event.code).join(', ')}); choose one with --event CODE`);
}

/** The cost table with the prices it used, and what it was computed from. */
export interface CostReportData extends CostTable {
  prices: PriceList;
  input?: CostEstimateInput;
  /** The metered billable checks, for the actual cost of a round. */
  billableChecks?: number;
}

export interface CostRequest {
  /** An estimate for N candidates in M units, or the actual cost of a round from metered checks. */
  estimate?: CostEstimateInput;
  round?: number;
}

/**
 * Builds the cost report with the stored price list (or the plan's defaults when `db` is
 * null or has none): an estimate, or the actual cost of a round from its billable checks.
 */
export async function buildCostReport(
  db: Kysely<Database> | null,
  request: CostRequest,
  scope: ReportScope,
): Promise<BuiltReport<CostReportData>> {
  const prices = db === null ? null : await storedPrices(db);
  const priceList = prices ?? { ...DEFAULT_PRICE_LIST };
  const header = db === null ? defaultHeader(scope) : await reportHeader(db, scope);

  if (request.round !== undefined) {
    if (db === null) {
      throw new Error('the actual cost of a round reads the metered checks; give --database URL');
    }

    const billableChecks = await countBillableChecks(db, { round: request.round, ...(scope.unit === undefined ? {} : { unitId: scope.unit.id }) });
    const table = computeRoundCost(priceList, { billableChecks });
    return { data: { prices: priceList, billableChecks, ...table }, document: buildCostDocument({ header, prices: priceList, table, kind: 'round' }) };
  }

  if (request.estimate === undefined) {
    throw new Error('give --candidates and --units for an estimate, or --round R for the actual cost of a round');
  }

  const table = estimateCost(priceList, request.estimate);
  return { data: { prices: priceList, input: request.estimate, ...table }, document: buildCostDocument({ header, prices: priceList, table, kind: 'estimate' }) };
}

async function storedPrices(db: Kysely<Database>): Promise<PriceList | null> {
  const department = await db.selectFrom('departments').select('id').orderBy('created_at').limit(1).executeTakeFirst();
  return department === undefined ? null : (await loadPriceList(db, department.id)).prices;
}

function defaultHeader(scope: ReportScope): Omit<ReportHeader, 'titleVi' | 'titleEn'> {
  return { organisation: DEFAULT_DEPARTMENT_NAME, place: scope.place ?? BLANK_PLACE, issuedAt: scope.issuedAt ?? new Date() };
}
