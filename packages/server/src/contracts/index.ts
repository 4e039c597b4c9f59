// The HTTP contract shared with the web (`@waooaw/server/contracts`): the marketplace and the work orders.
export * from './contracts.js';
export * from './work.js';
