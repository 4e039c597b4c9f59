// The HTTP contract shared with the web (`@waooaw/server/contracts`): the marketplace, the work orders
// and security (audit trail, secrets).
export * from './contracts.js';
export * from './work.js';
export * from './security.js';
