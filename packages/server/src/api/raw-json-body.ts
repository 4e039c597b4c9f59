// Signed webhooks (GitHub's, our inbound ones) verify a signature over the exact bytes sent, so their
// scope keeps JSON bodies as a Buffer and parses them itself after the check.
import type { FastifyInstance } from 'fastify';

/** In this encapsulated scope only, `request.body` of a JSON request is the raw Buffer. */
export function keepJsonBodyRaw(
  scope: Pick<FastifyInstance, 'removeContentTypeParser' | 'addContentTypeParser'>,
): void {
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
}
