// Fields the logger never writes (pino `redact`): credentials and secret values under their usual
// names, at the top level and up to three levels down (pino paths name each level explicitly).

/** Property names whose values are secrets wherever they appear in a log line. */
export const SECRET_FIELD_NAMES = [
  'password',
  'newPassword',
  'passwordHash',
  'apiKey',
  'token',
  'accessToken',
  'refreshToken',
  'secret',
  'webhookSecret',
  'signingSecret',
  'jwtSecret',
  'masterKey',
  'signingKey',
  'smtpUrl',
  'authorization',
  'cookie',
  'secretValue',
] as const;

/** pino redact paths for every name at depths 0–3 (`apiKey`, `*.apiKey`, `*.*.apiKey`, `*.*.*.apiKey`). */
export const LOG_REDACT_PATHS: string[] = SECRET_FIELD_NAMES.flatMap((name) =>
  ['', '*.', '*.*.', '*.*.*.'].map((prefix) => `${prefix}${name}`),
);

export const LOG_REDACT_CENSOR = '[redacted]';
