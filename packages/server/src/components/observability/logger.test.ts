// deferredChild: a request's child logger, made on first use, logs as pino's child would (bindings,
// redaction) and is not made for calls below the level.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, deferredChild } from './logger.js';

function collected() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'info', destination }) };
}

describe('deferredChild', () => {
  it('logs with the bindings and redaction of a pino child, made once on the first line', () => {
    const { lines, logger } = collected();
    let made = 0;
    const child = logger.child.bind(logger);
    logger.child = ((...args: Parameters<typeof child>) => {
      made++;
      return child(...args);
    }) as typeof logger.child;
    const log = deferredChild(logger, { reqId: 'req-1' }, {});
    expect(typeof log.child).toBe('function');
    expect(log.level).toBe('info');
    log.debug('below the level');
    expect(made).toBe(0);
    log.error({ token: 'secret-value' }, 'failed');
    log.warn('again');
    expect(made).toBe(1);
    expect(lines).toMatchObject([
      { reqId: 'req-1', token: '[redacted]', msg: 'failed' },
      { reqId: 'req-1', msg: 'again' },
    ]);
    expect(log.bindings()).toMatchObject({ reqId: 'req-1' });
  });
});
