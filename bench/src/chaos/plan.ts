// Which chaos scenarios run, with how many kills, in each mode. The quick plan is also what the
// test suite runs (chaos.test.ts): at least 100 kills of our workers per CI run.
import {
  bullmqKillScenario,
  busKillScenario,
  embeddedKillScenario,
  engineKillScenario,
  pgOutageScenario,
  redisOutageScenario,
  type ChaosEnv,
  type ScenarioOptions,
} from './scenarios.js';
import type { ChaosReport } from './verifier.js';

export interface ChaosStep {
  id: string;
  kills: number;
  /** Ours gate the run; peers are context. */
  gate: boolean;
  run(env: ChaosEnv, o: ScenarioOptions): Promise<ChaosReport>;
}

export function chaosPlan(mode: 'quick' | 'full'): ChaosStep[] {
  const quick = mode === 'quick';
  return [
    { id: 'bus-kill', kills: quick ? 30 : 150, gate: true, run: busKillScenario },
    { id: 'embedded-kill', kills: quick ? 25 : 100, gate: true, run: embeddedKillScenario },
    {
      id: 'engine-kill',
      kills: quick ? 30 : 100,
      gate: true,
      run: (env, o) => engineKillScenario(env, { ...o, shape: 'flow', instances: quick ? 300 : 1000 }),
    },
    {
      id: 'engine-timers',
      kills: 20,
      gate: true,
      run: (env, o) => engineKillScenario(env, { ...o, shape: 'timer', instances: quick ? 1000 : 10_000 }),
    },
    {
      id: 'bus-kill-mark-dedupe',
      kills: quick ? 20 : 50,
      gate: false,
      run: (env, o) => busKillScenario(env, { ...o, dedupe: 'bus' }),
    },
    { id: 'bullmq-kill', kills: quick ? 20 : 100, gate: false, run: bullmqKillScenario },
    { id: 'pg-outage', kills: 0, gate: true, run: pgOutageScenario },
    { id: 'redis-outage', kills: 0, gate: true, run: redisOutageScenario },
  ];
}
