import { describe } from 'vitest';
import { testRedis } from '../testing/services.js';
import type { Bus } from './bus.js';
import { busConformance } from './bus.contract.js';
import { RedisStreamsBus } from './redis-streams-bus.js';

const redis = await testRedis();

describe.skipIf(!redis)('RedisStreamsBus', () => {
  let n = 0;
  busConformance('RedisStreamsBus', async () => {
    const prefix = `${redis!.prefix}c${++n}:`;
    const buses: Bus[] = [];
    return {
      async open(options = {}) {
        const bus = await RedisStreamsBus.connect({ ...options, url: redis!.url, prefix, blockMs: 1000 });
        buses.push(bus);
        return bus;
      },
      async dispose() {
        await Promise.all(buses.map((b) => b.close()));
      },
    };
  });
});
