// Public surface of the Bus port and its adapters (in-process and Redis Streams), for the bench and tools.
export type * from './bus.js';
export { MemoryBus } from './memory-bus.js';
export { RedisStreamsBus } from './redis-streams-bus.js';
export { createBus } from './create-bus.js';
