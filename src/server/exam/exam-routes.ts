// The exam area's route module: the candidate's and the staff's routes under /api/exam, and the
// background finaliser that closes attempts at their deadline.
import type { FastifyPluginAsync } from 'fastify';

import { startFinaliser } from './attempt-finishing.js';
import { examCandidateRoutes } from './exam-candidate-routes.js';
import { examStaffRoutes } from './exam-staff-routes.js';

/** Set EXAMGATE_FINALISER=off to leave finalising to another instance or to a test. */
export const examRoutes: FastifyPluginAsync = async (app) => {
  await app.register(examCandidateRoutes);
  await app.register(examStaffRoutes);

  if (process.env.EXAMGATE_FINALISER === 'off') {
    return;
  }

  let stop: (() => Promise<void>) | null = null;

  app.addHook('onReady', async () => {
    stop = startFinaliser(app.db, app.log);
  });

  app.addHook('onClose', async () => {
    await stop?.();
  });
};
