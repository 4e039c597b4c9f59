// Every failure the HTTP layer can produce, mapped to our one error body `{error:{code,message,details}}`:
// route errors, validation, body parsing, Fastify's router errors (bad URL, over-long parameter), the
// Node parser's socket-level errors (431, 408, malformed requests) and static-file errors.
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { errorBody, isPlatformError, PlatformError, toPlatformError, type ErrorCode } from '../errors.js';

/** Codes for HTTP statuses that reach us from the framework or a plugin rather than our own code. */
const codeByStatus: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
  503: 'UNAVAILABLE',
};

/** Fastify's own error codes whose meaning is more precise than their status. */
const codeByFastifyCode: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_BAD_URL: 'BAD_REQUEST',
  FST_ERR_MAX_PARAM_LENGTH: 'URI_TOO_LONG',
};

function validationError(error: FastifyError): PlatformError {
  const issues = (error.validation ?? []).map((v) => ({
    path: `${error.validationContext ?? 'body'}${v.instancePath ? v.instancePath.replaceAll('/', '.') : ''}`,
    message: v.message ?? 'invalid',
  }));
  return new PlatformError(
    'VALIDATION',
    `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
    { details: { issues } },
  );
}

/** The PlatformError an HTTP failure answers with (never INTERNAL for a client's mistake). */
export function toHttpError(error: unknown): PlatformError {
  if (isPlatformError(error)) return toPlatformError(error);
  const e = error as Partial<FastifyError>;
  if (hasZodFastifySchemaValidationErrors(error)) return validationError(error as FastifyError);
  if (isResponseSerializationError(error))
    return new PlatformError('INTERNAL', 'Response did not match its schema');
  const message = typeof e.message === 'string' && e.message ? e.message : 'Request failed';
  const byCode = typeof e.code === 'string' ? codeByFastifyCode[e.code] : undefined;
  if (byCode) {
    const text = byCode === 'URI_TOO_LONG' ? 'A path parameter is longer than 100 characters' : message;
    return new PlatformError(byCode, text);
  }
  const status = typeof e.statusCode === 'number' ? e.statusCode : (e as { status?: number }).status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Only the static-file sender answers 403 on its own (a path that climbs out of its root, a
    // dotfile): such a path names no file we serve.
    if (status === 403) return new PlatformError('NOT_FOUND', 'No such file');
    return new PlatformError(codeByStatus[status] ?? 'BAD_REQUEST', message);
  }
  if (status === 503) return new PlatformError('UNAVAILABLE', message);
  return toPlatformError(error);
}

/** Sends `err` as our error body, with Retry-After on 429 and Allow kept from the caller. */
export function sendError(reply: FastifyReply, err: PlatformError): FastifyReply {
  if (err.code === 'RATE_LIMITED' && !reply.getHeader('retry-after')) {
    const seconds = err.details.retryAfterSeconds;
    void reply.header('retry-after', String(typeof seconds === 'number' ? seconds : 60));
  }
  return reply.status(err.httpStatus).type('application/json; charset=utf-8').send(errorBody(err));
}

/** Fastify `setErrorHandler` body. */
export function handleRequestError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const err = toHttpError(error);
  if (err.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
  void sendError(reply, err);
}

/** Fastify `frameworkErrors` option: router failures before any route is chosen. */
export function handleFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  void sendError(reply, toHttpError(error));
}

/**
 * Fastify `clientErrorHandler` option: the Node HTTP parser refused the request before Fastify saw it
 * (headers over 16 KiB, a request not finished in time, a malformed request line). Answers on the
 * raw socket, then closes it, as Node's own handler does.
 */
export function handleClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const error =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? new PlatformError('HEADERS_TOO_LARGE', 'Request headers are larger than 16 KiB')
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? new PlatformError('REQUEST_TIMEOUT', 'The request was not received in time')
        : new PlatformError('BAD_REQUEST', 'Malformed HTTP request', {
            details: { reason: err.code ?? 'parse-error' },
          });
  const body = JSON.stringify(errorBody(error));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${error.httpStatus} ${STATUS_CODES[error.httpStatus]}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
