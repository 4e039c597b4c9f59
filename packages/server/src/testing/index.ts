// Test and bench helpers: throw-away PostgreSQL and Redis on loopback, fake model servers, platform
// processes with the scale-out run that drives them, and the work-order tests' customer input.
export * from './local-services.js';
export * from './services.js';
export * from './fake-openai-server.js';
export * from './promtool.js';
export * from './otlp-receiver.js';
export * from './platform-process.js';
export * from './scale-out-run.js';
export * from './pdf-text.js';
export * from './capturing-logger.js';
export * from './eventually.js';
export * from './work-fixtures.js';
