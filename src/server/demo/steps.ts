// The demo seed steps in the order they run. An area adds its step with one import and one
// entry after the core step, which creates what the others build on.
import type { DemoSeedStep } from './seed.js';
import { coreDemoStep } from './seed-core.js';
import { examDemoStep } from './seed-exam.js';

export const DEMO_SEED_STEPS: DemoSeedStep[] = [coreDemoStep, examDemoStep];
