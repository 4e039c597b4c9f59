// Suites in run order: calibration first, then each area against its peers.
import type { BenchContext } from '../context.js';
import type { CellSpec } from '../harness.js';
import { busCells } from './bus.js';
import { calibrationCells } from './calibrate.js';

export interface Suite {
  name: string;
  cells(ctx: BenchContext): CellSpec[] | Promise<CellSpec[]>;
}

export const suites: Suite[] = [
  { name: 'calibrate', cells: calibrationCells },
  { name: 'bus', cells: busCells },
];
