import { describe, expect, it } from 'vitest';
import { FakeClock, systemClock } from '../clock.js';
import { createIds } from '../ids.js';
import type { Bus, Delivery } from './bus.js';
import { busConformance } from './bus.contract.js';
import { MemoryBroker } from './memory-broker.js';
import { MemoryBus } from './memory-bus.js';

busConformance('MemoryBus', async () => {
  const broker = new MemoryBroker({ clock: systemClock, ids: createIds() });
  const buses: Bus[] = [];
  return {
    async open(options = {}) {
      const bus = new MemoryBus({ ...options, broker });
      buses.push(bus);
      return bus;
    },
    async dispose() {
      await Promise.all(buses.map((b) => b.close()));
      await broker.close();
    },
  };
});
