// Test and bench helpers: throw-away PostgreSQL and Redis on loopback, and fake model servers.
export * from './local-services.js';
export * from './services.js';
export * from './fake-openai-server.js';
export * from './promtool.js';
export * from './otlp-receiver.js';
