// Helmet's security headers as a fixed record: helmet's middleware sets the same headers on every
// response whatever the request, so it runs once against a recorder and the app sends the record.
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export function helmetHeaders(options: Readonly<HelmetOptions>): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let ran = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, () => {
    ran = true;
  });
  // Helmet calls back synchronously; a later version that did not would send no headers at all.
  if (!ran) throw new Error('helmet did not finish synchronously');
  return Object.freeze(headers);
}
