// The marketplace HTTP contract: zod schemas and inferred types for every request and response body
// under /api/v1, one sibling file per feature, re-exported here so importers keep one path. Imports
// nothing but zod, so the browser (packages/web) imports it as-is.
// Conventions: timestamps are ISO-8601 UTC strings named `…At`; money is `{amount, currency}` in major
// units; lists are `{items, nextCursor?}`; every error is `{error:{code,message,details}}`.
export * from './form-spec.js';
export * from './common.js';
export * from './accounts.js';
export * from './mail.js';
export * from './catalogue.js';
export * from './demo.js';
export * from './inputs.js';
export * from './trials.js';
export * from './billing.js';
export * from './deliverables.js';
export * from './approvals.js';
export * from './dashboard.js';
export * from './routes.js';
