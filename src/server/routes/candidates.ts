import type { FastifyPluginAsync, FastifyRequest } from 'fastify';

import { ADMIN_ROLES, requireRole, requireUnitRole, STAFF_ROLES } from '../auth/access.js';
import { importCandidates } from '../candidates/import-candidates.js';
import { buildCandidateTemplate, exportCandidates } from '../candidates/workbooks.js';
import type { CandidateTable, ChipStatus } from '../db/schema.js';
import { ApiError } from '../errors.js';
import { requireUnit } from '../organisation/units.js';
import { idParams, idSchema } from './schemas.js';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CHIP_STATUSES: ChipStatus[] = ['chipped', 'no_card', 'legacy_id', 'pre_2021_card'];

const candidateSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    unitId: { type: 'string' },
    classId: { type: ['string', 'null'] },
    idNumber: { type: ['string', 'null'] },
    legacyIdNumber: { type: ['string', 'null'] },
    cardIssuedOn: { type: ['string', 'null'] },
    fullName: { type: 'string' },
    fullNameDisplay: { type: 'string' },
    birthDate: { type: 'string' },
    sex: { type: 'string' },
    chipStatus: { type: 'string' },
    email: { type: ['string', 'null'] },
    phone: { type: ['string', 'null'] },
    updatedAt: { type: 'string' },
  },
} as const;

function candidateView(row: CandidateTable) {
  return {
    id: row.id,
    unitId: row.unit_id,
    classId: row.class_id,
    idNumber: row.id_number,
    legacyIdNumber: row.legacy_id_number,
    cardIssuedOn: row.card_issued_on,
    fullName: row.full_name,
    fullNameDisplay: row.full_name_display,
    birthDate: row.birth_date,
    sex: row.sex,
    chipStatus: row.chip_status,
    email: row.email,
    phone: row.phone,
    updatedAt: row.updated_at,
  };
}

/** Reads the uploaded file: a multipart form field `file`, or the raw body with `?fileName=`. */
async function uploadedFile(request: FastifyRequest<{ Querystring: { fileName?: string } }>): Promise<{ fileName: string; bytes: Buffer }> {
  if (request.isMultipart()) {
    const part = await request.file();

    if (part === undefined) {
      throw new ApiError('IMPORT_FILE_MISSING');
    }

    return { fileName: part.filename, bytes: await part.toBuffer() };
  }

  if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
    throw new ApiError('IMPORT_FILE_MISSING');
  }

  return { fileName: request.query.fileName ?? 'upload.xlsx', bytes: request.body };
}

/** Candidates of a unit: list, import (with dry run), export, and the list template. */
export const candidateRoutes: FastifyPluginAsync = async (app) => {
  app.addContentTypeParser(['application/octet-stream', 'text/csv', XLSX_TYPE], { parseAs: 'buffer', bodyLimit: app.settings.uploadLimitBytes }, (_request, body, done) => {
    done(null, body);
  });

  app.get('/candidates/template.xlsx', { schema: { summary: 'Download the candidate list template (.xlsx)', tags: ['candidates'] } }, async (request, reply) => {
    requireRole(request, STAFF_ROLES);
    return reply
      .type(XLSX_TYPE)
      .header('content-disposition', 'attachment; filename="mau-danh-sach-thi-sinh.xlsx"')
      .send(await buildCandidateTemplate());
  });

  app.get<{ Params: { unitId: string }; Querystring: { chipStatus?: ChipStatus; classId?: string; limit?: number; offset?: number } }>(
    '/units/:unitId/candidates',
    {
      schema: {
        summary: 'Candidates of a unit; chipStatus filters, e.g. to list those without a chipped card',
        tags: ['candidates'],
        params: idParams('unitId'),
        querystring: {
          type: 'object',
          properties: {
            chipStatus: { type: 'string', enum: CHIP_STATUSES },
            withoutChip: { type: 'boolean' },
            classId: idSchema,
            limit: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 },
            offset: { type: 'integer', minimum: 0, default: 0 },
          },
        },
        response: { 200: { type: 'object', properties: { total: { type: 'integer' }, candidates: { type: 'array', items: candidateSchema } } } },
      },
    },
    async (request) => {
      requireUnitRole(request, request.params.unitId, STAFF_ROLES);
      const query = request.query as { chipStatus?: ChipStatus; withoutChip?: boolean; classId?: string; limit: number; offset: number };
      let base = app.db.selectFrom('candidates').where('unit_id', '=', request.params.unitId);

      if (query.chipStatus !== undefined) base = base.where('chip_status', '=', query.chipStatus);
      if (query.withoutChip === true) base = base.where('chip_status', '!=', 'chipped');
      if (query.classId !== undefined) base = base.where('class_id', '=', query.classId);

      const total = await base.select((eb) => eb.fn.countAll<string | number>().as('count')).executeTakeFirstOrThrow();
      const rows = await base.selectAll().orderBy('full_name').orderBy('birth_date').limit(query.limit).offset(query.offset).execute();
      return { total: Number(total.count), candidates: rows.map(candidateView) };
    },
  );

  app.get<{ Params: { unitId: string; candidateId: string } }>(
    '/units/:unitId/candidates/:candidateId',
    { schema: { summary: 'One candidate', tags: ['candidates'], params: idParams('unitId', 'candidateId'), response: { 200: candidateSchema } } },
    async (request) => {
      requireUnitRole(request, request.params.unitId, STAFF_ROLES);
      const row = await app.db.selectFrom('candidates').selectAll().where('id', '=', request.params.candidateId).where('unit_id', '=', request.params.unitId).executeTakeFirst();

      if (row === undefined) {
        throw new ApiError('CANDIDATE_NOT_FOUND', { candidateId: request.params.candidateId });
      }

      return candidateView(row);
    },
  );

  app.post<{ Params: { unitId: string }; Querystring: { dryRun?: boolean; fileName?: string } }>(
    '/units/:unitId/candidates/import',
    {
      schema: {
        summary: 'Import a candidate list (.xlsx or .csv) as multipart field "file" or as the raw body with ?fileName=; dryRun=true only validates',
        tags: ['candidates'],
        params: idParams('unitId'),
        querystring: { type: 'object', properties: { dryRun: { type: 'boolean', default: false }, fileName: { type: 'string', maxLength: 255 } } },
      },
    },
    async (request) => {
      const user = requireUnitRole(request, request.params.unitId, ADMIN_ROLES);
      await requireUnit(app.db, request.params.unitId);

      const file = await uploadedFile(request);
      const report = await importCandidates(app.db, { unitId: request.params.unitId, ...file, dryRun: request.query.dryRun === true, actorUserId: user.id });

      if (!report.dryRun && !report.committed) {
        throw new ApiError('IMPORT_ROWS_INVALID', { invalidRows: report.invalidRows }, { report });
      }

      request.log.info({ importId: report.importId, rows: report.rowCount, invalidRows: report.invalidRows, dryRun: report.dryRun }, 'candidate list processed');
      return report;
    },
  );

  app.get<{ Params: { unitId: string } }>(
    '/units/:unitId/candidates/export.xlsx',
    { schema: { summary: 'Export the candidates of a unit (.xlsx, ID numbers as text)', tags: ['candidates'], params: idParams('unitId') } },
    async (request, reply) => {
      requireUnitRole(request, request.params.unitId, ADMIN_ROLES);
      const unit = await requireUnit(app.db, request.params.unitId);
      return reply
        .type(XLSX_TYPE)
        .header('content-disposition', `attachment; filename="thi-sinh-${unit.code}.xlsx"`)
        .send(await exportCandidates(app.db, unit.id));
    },
  );
};
