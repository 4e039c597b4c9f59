// The HTTP contract shared with the web (`@waooaw/server/contracts`): the marketplace, the work orders,
// security (audit trail, secrets) and operations (staff accounts, data rights).
export * from './contracts.js';
export * from './work.js';
export * from './security.js';
export * from './operations.js';
export * from './ops-admin.js';
export * from './costs.js';
export * from './ops-console.js';
