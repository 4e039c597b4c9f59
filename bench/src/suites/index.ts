// Suites in run order: calibration first, then each area against its peers.
import type { BenchContext } from '../context.js';
import type { CellSpec } from '../harness.js';
import { agentCells } from './agents.js';
import { busCells } from './bus.js';
import { calibrationCells } from './calibrate.js';
import { queueCells } from './queue.js';

export interface Suite {
  name: string;
  cells(ctx: BenchContext): CellSpec[] | Promise<CellSpec[]>;
}

export const suites: Suite[] = [
  { name: 'calibrate', cells: calibrationCells },
  { name: 'queue', cells: queueCells },
  { name: 'bus', cells: busCells },
  { name: 'agents', cells: agentCells },
];
