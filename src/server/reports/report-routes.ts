// Report routes under /api/reports. The pilot evaluation, cost, results and the no-chip list
// come as JSON, PDF or .xlsx. The department's price list is read and edited here, and the
// feedback questionnaire is served and answered here. A department administrator sees every
// unit, and a unit administrator only their own.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

import type { PriceList } from '../../reports/cost.js';
import { LIKERT_SCALE, QUESTIONNAIRES, type FeedbackAnswers } from '../../reports/feedback-questionnaire.js';
import { renderPdf } from '../../reports/render/pdf.js';
import { renderXlsx } from '../../reports/render/xlsx.js';
import { appendAudit } from '../audit/audit-log.js';
import { ADMIN_ROLES, assertUnitAccess, requireRole, requireUser } from '../auth/access.js';
import type { SessionUser } from '../auth/session-store.js';
import type { UnitTable } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { idSchema } from '../routes/schemas.js';
import { InvalidFeedbackError, saveFeedback } from './feedback-store.js';
import { loadPriceList, savePriceList } from './price-list-store.js';
import { buildCostReport, buildEvaluationReport, buildNoChipReport, buildResultsReport, type BuiltReport, type ReportScope } from './report-service.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type ReportFormat = 'json' | 'pdf' | 'xlsx';

const formatSchema = { type: 'string', enum: ['json', 'pdf', 'xlsx'], default: 'json' } as const;
const roundSchema = { type: 'integer', minimum: 1, maximum: 99 } as const;
const countSchema = { type: 'integer', minimum: 0, maximum: 10_000_000 } as const;
const scopeQuerystring = {
  type: 'object',
  properties: { round: roundSchema, unitId: idSchema, format: formatSchema, place: { type: 'string', maxLength: 100 } },
  additionalProperties: false,
} as const;

const vndSchema = { type: 'integer', minimum: 0, maximum: 1_000_000_000_000 } as const;
const rateSchema = { type: 'integer', minimum: 0, maximum: 10_000 } as const;
const priceListSchema = {
  type: 'object',
  required: ['readerPrice', 'readerVatRate', 'licencePricePerUnitYear', 'licenceVatRate', 'verificationFeePerCheck', 'verificationVatRate'],
  properties: {
    readerPrice: vndSchema,
    readerVatRate: rateSchema,
    licencePricePerUnitYear: vndSchema,
    licenceVatRate: rateSchema,
    verificationFeePerCheck: vndSchema,
    verificationVatRate: rateSchema,
  },
  additionalProperties: false,
} as const;

interface ScopeQuery {
  round?: number;
  unitId?: string;
  format: ReportFormat;
  place?: string;
}

export const reportRoutes: FastifyPluginAsync = async (app) => {
  app.get('/questionnaires', { schema: { summary: 'Feedback questionnaires and the Likert scale', tags: ['reports'] } }, async (request) => {
    requireUser(request);
    return { likertScale: LIKERT_SCALE, questionnaires: QUESTIONNAIRES };
  });

  app.post<{ Body: { examEventId: string; answers: FeedbackAnswers } }>(
    '/feedback',
    {
      schema: {
        summary: 'Submit the feedback questionnaire after an exam (candidates and proctors)',
        tags: ['reports'],
        body: {
          type: 'object',
          required: ['examEventId', 'answers'],
          properties: { examEventId: idSchema, answers: { type: 'object', additionalProperties: { type: ['integer', 'string'] } } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ['candidate', 'proctor']);
      const event = await app.db.selectFrom('exam_events').select(['id', 'unit_id']).where('id', '=', request.body.examEventId).executeTakeFirst();
      if (event === undefined) {
        throw new ApiError('EXAM_EVENT_NOT_FOUND', { examEventId: request.body.examEventId });
      }

      await assertMayGiveFeedback(user, event);

      try {
        await saveFeedback(app.db, {
          examEventId: event.id,
          unitId: event.unit_id,
          respondent: user.role === 'candidate' ? 'candidate' : 'proctor',
          ...(user.role === 'candidate' ? { candidateId: user.candidateId ?? '' } : { userId: user.id }),
          answers: request.body.answers,
        });
      } catch (error) {
        if (error instanceof InvalidFeedbackError) {
          // NOTE: the feedback problems are English only, so the Vietnamese message carries them in English.
          throw new ApiError('REQUEST_INVALID', { problem: error.problems.join('; '), field: 'answers' });
        }
        throw error;
      }

      return reply.status(204).send();
    },
  );

  async function assertMayGiveFeedback(user: SessionUser, event: { id: string; unit_id: string }): Promise<void> {
    if (user.role === 'proctor') {
      assertUnitAccess(user, event.unit_id);
      return;
    }

    const registration = await app.db
      .selectFrom('exam_registrations')
      .select('id')
      .where('exam_event_id', '=', event.id)
      .where('candidate_id', '=', user.candidateId ?? '')
      .executeTakeFirst();
    if (registration === undefined) {
      throw new ApiError('AUTH_FORBIDDEN_UNIT', { unitId: event.unit_id });
    }
  }

  app.get('/price-list', { schema: { summary: 'The price list in force', tags: ['reports'] } }, async (request) => {
    requireRole(request, ['department_admin']);
    const department = await app.db.selectFrom('departments').select('id').orderBy('created_at').limit(1).executeTakeFirst();
    return department === undefined ? { prices: null, id: null, createdAt: null } : loadPriceList(app.db, department.id);
  });

  app.put<{ Body: PriceList }>(
    '/price-list',
    { schema: { summary: 'Store a new price list (department administrators)', tags: ['reports'], body: priceListSchema } },
    async (request) => {
      const user = requireRole(request, ['department_admin']);
      const department = await app.db.selectFrom('departments').select('id').orderBy('created_at').limit(1).executeTakeFirst();
      if (department === undefined) {
        throw new ApiError('REQUEST_INVALID', { problem: 'no department exists yet', problemVi: 'chưa có Sở nào', field: 'department' });
      }

      const id = await savePriceList(app.db, department.id, request.body, user.id);
      await appendAudit(app.db, { action: 'reports.price_list.update', actorUserId: user.id, subjectType: 'price_list', subjectId: id, details: { ...request.body } });
      return loadPriceList(app.db, department.id);
    },
  );

  app.get<{ Querystring: ScopeQuery & { candidates?: number; units?: number; readersPerUnit?: number; years?: number } }>(
    '/cost',
    {
      schema: {
        summary: 'Cost estimate (candidates, units) or actual cost of a round (round)',
        tags: ['reports'],
        querystring: {
          type: 'object',
          properties: { ...scopeQuerystring.properties, candidates: countSchema, units: countSchema, readersPerUnit: countSchema, years: countSchema },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      requireRole(request, ['department_admin']);
      const query = request.query;
      const scope = await scopeFor(null, query);

      if (query.round === undefined && (query.candidates === undefined || query.units === undefined)) {
        throw new ApiError('REQUEST_INVALID', { problem: 'give candidates and units for an estimate, or round for the actual cost', problemVi: 'hãy cho số thí sinh và số đơn vị để ước tính, hoặc đợt (round) để tính chi phí thực tế', field: 'candidates' });
      }

      const estimate = {
        candidates: query.candidates ?? 0,
        units: query.units ?? 0,
        ...(query.readersPerUnit === undefined ? {} : { readersPerUnit: query.readersPerUnit }),
        ...(query.years === undefined ? {} : { years: query.years }),
      };
      const built = await buildCostReport(app.db, query.round === undefined ? { estimate } : { round: query.round }, scope);
      return sendReport(reply, built, query.format, 'du-toan-kinh-phi');
    },
  );

  app.get<{ Querystring: ScopeQuery }>(
    '/evaluation',
    { schema: { summary: 'Pilot evaluation per round, unit and department', tags: ['reports'], querystring: scopeQuerystring } },
    async (request, reply) => {
      const user = requireRole(request, ADMIN_ROLES);
      const built = await buildEvaluationReport(app.db, await scopeFor(user, request.query));
      return sendReport(reply, built, request.query.format, 'danh-gia-hieu-qua');
    },
  );

  app.get<{ Querystring: ScopeQuery }>(
    '/no-chip',
    { schema: { summary: 'Candidates without a chipped card, per unit and class', tags: ['reports'], querystring: scopeQuerystring } },
    async (request, reply) => {
      const user = requireRole(request, ADMIN_ROLES);
      const built = await buildNoChipReport(app.db, await scopeFor(user, request.query));
      return sendReport(reply, built, request.query.format, 'thi-sinh-chua-co-cccd-gan-chip');
    },
  );

  app.get<{ Querystring: { examEventId: string; format: ReportFormat; place?: string } }>(
    '/results',
    {
      schema: {
        summary: 'Results of an exam event: scores, distribution, item statistics',
        tags: ['reports'],
        querystring: {
          type: 'object',
          required: ['examEventId'],
          properties: { examEventId: idSchema, format: formatSchema, place: { type: 'string', maxLength: 100 } },
          additionalProperties: false,
        },
      },
    },
    async (request, reply) => {
      const user = requireRole(request, ['department_admin', 'unit_admin', 'teacher']);
      const event = await app.db.selectFrom('exam_events').select(['id', 'unit_id']).where('id', '=', request.query.examEventId).executeTakeFirst();
      if (event === undefined) {
        throw new ApiError('EXAM_EVENT_NOT_FOUND', { examEventId: request.query.examEventId });
      }
      assertUnitAccess(user, event.unit_id);

      const unit = await app.db.selectFrom('units').selectAll().where('id', '=', event.unit_id).executeTakeFirstOrThrow();
      const built = await buildResultsReport(app.db, { event: event.id, unit, ...(request.query.place === undefined ? {} : { place: request.query.place }) });
      return sendReport(reply, built, request.query.format, 'ket-qua-thi');
    },
  );

  /**
   * Turns the query into a report scope. A unit administrator is held to their own unit;
   * `user` null skips the unit check (department-only routes).
   */
  async function scopeFor(user: SessionUser | null, query: { round?: number; unitId?: string; place?: string }): Promise<ReportScope> {
    const unitId = query.unitId ?? (user !== null && user.role !== 'department_admin' ? (user.unitId ?? undefined) : undefined);
    let unit: UnitTable | undefined;

    if (unitId !== undefined) {
      if (user !== null) {
        assertUnitAccess(user, unitId);
      }
      unit = await app.db.selectFrom('units').selectAll().where('id', '=', unitId).executeTakeFirst();
      if (unit === undefined) {
        throw new ApiError('UNIT_NOT_FOUND', { unit: unitId });
      }
    }

    return {
      ...(query.round === undefined ? {} : { round: query.round }),
      ...(unit === undefined ? {} : { unit }),
      ...(query.place === undefined ? {} : { place: query.place }),
    };
  }
};

async function sendReport(reply: FastifyReply, built: BuiltReport<unknown>, format: ReportFormat, fileName: string): Promise<unknown> {
  switch (format) {
    case 'json':
      return reply.send(built.data);
    case 'pdf':
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${fileName}.pdf"`).send(await renderPdf(built.document));
    case 'xlsx':
      return reply.type(XLSX_TYPE).header('content-disposition', `attachment; filename="${fileName}.xlsx"`).send(await renderXlsx(built.document));
  }
}
