import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../components/observability/logger.js';
import { createGuardedUrlFetcher } from '../../inputs/guarded-url-fetcher.js';
import { createApp, type PlatformApp } from '../app.js';
import { registerInputRoutes } from './inputs.js';

let site: Server;
let base: string;
let app: PlatformApp;

beforeAll(async () => {
  site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(
      '<html><head><title>Shoes</title><script>x()</script></head><body><h1>Shoes</h1><p>Light.</p></body></html>',
    );
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  app = await createApp({ logger: silentLogger });
  await registerInputRoutes(app, {
    fetcher: createGuardedUrlFetcher({ allowAddresses: ['127.0.0.1'] }),
    perIpPerMinute: 5,
  });
  await app.ready();
});

afterAll(async () => {
  await app.close();
  site.closeAllConnections();
  await new Promise((resolve) => site.close(resolve));
});

const post = (url: string, payload: object, ip = '10.9.9.1') =>
  app.inject({ method: 'POST', url, payload, remoteAddress: ip });

describe('POST /api/v1/inputs/page', () => {
  it('answers the page reduced to what skills read, and its text', async () => {
    const res = await post('/api/v1/inputs/page', { url: `${base}/shoes` });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      url: `${base}/shoes`,
      title: 'Shoes',
      text: 'Shoes\nLight.',
      truncated: false,
    });
    expect(res.json().html).not.toContain('x()');
  });

  it('refuses what is not a web address, with the reason in details', async () => {
    const res = await post('/api/v1/inputs/page', { url: 'not a url' }, '10.9.9.2');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'VALIDATION' });
  });

  it('limits fetches per address per minute', async () => {
    const codes = [];
    for (let i = 0; i < 6; i++)
      codes.push((await post('/api/v1/inputs/page', { url: `${base}/` }, '10.9.9.3')).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('POST /api/v1/inputs/table', () => {
  it('reads an uploaded CSV into columns and rows', async () => {
    const res = await post(
      '/api/v1/inputs/table',
      {
        filename: 'leads.csv',
        contentBase64: Buffer.from('Company,Employees\nPayFast,300\n').toString('base64'),
      },
      '10.9.9.4',
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      columns: ['Company', 'Employees'],
      rows: [['PayFast', '300']],
      truncated: false,
    });
  });

  it('explains a file it cannot read, naming the field', async () => {
    const res = await post('/api/v1/inputs/table', { filename: 'a.xls', contentBase64: 'eA==' }, '10.9.9.5');
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({
      code: 'VALIDATION',
      details: { field: 'file', reason: 'unsupported-format' },
    });
  });
});
