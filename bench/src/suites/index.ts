// Suites in run order: calibration first, then each area against its peers.
import type { BenchContext } from '../context.js';
import type { CellSpec } from '../harness.js';
import { agentCells } from './agents.js';
import { busCells } from './bus.js';
import { calibrationCells } from './calibrate.js';
import { engineCells } from './engine.js';
import { httpCells } from './http.js';
import { loadCells } from './load.js';
import { modelCells } from './models.js';
import { queueCells } from './queue.js';
import { startupCells } from './startup.js';
import { workTaskCells } from './work-tasks.js';

export interface Suite {
  name: string;
  cells(ctx: BenchContext): CellSpec[] | Promise<CellSpec[]>;
}

export const suites: Suite[] = [
  { name: 'calibrate', cells: calibrationCells },
  { name: 'queue', cells: queueCells },
  { name: 'bus', cells: busCells },
  { name: 'engine', cells: engineCells },
  { name: 'agents', cells: agentCells },
  { name: 'models', cells: modelCells },
  { name: 'http', cells: httpCells },
  { name: 'startup', cells: startupCells },
  // Work orders' tasks/s is reported next to the load test.
  { name: 'load', cells: (ctx) => [...loadCells(ctx), ...workTaskCells(ctx)] },
];
