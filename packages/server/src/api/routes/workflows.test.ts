import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { silentLogger } from '../../components/observability/logger.js';
import { createPlatform, type Platform } from '../../platform.js';
import { eventually } from '../../testing/eventually.js';

const approvalFlow = `
workflow:
  id: expense-approval
  name: Expense approval
  variables:
    amount: { type: number, required: true }
  tasks:
    - id: review
      type: user_task
      title: "Approve expense of {{amount}}"
      role: finance
      form:
        fields:
          - { name: approved, type: boolean, required: true }
    - id: decide
      type: exclusive_gateway
      conditions:
        paid: review_decision.approved == true
      default: rejected
    - { id: paid, type: end_event }
    - { id: rejected, type: end_event }
  flow:
    - start -> review
    - review -> decide
    - decide[paid] -> paid
    - decide[rejected] -> rejected
`;

let platform: Platform;
let operator: string;
let customer: string;

async function call(method: 'GET' | 'POST', url: string, token?: string, body?: unknown) {
  return platform.app.inject({
    method,
    url,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    ...(body === undefined ? {} : { payload: body as object }),
  });
}

beforeAll(async () => {
  platform = await createPlatform(
    loadConfig({ env: {}, overrides: { store: { sqlitePath: ':memory:' }, http: { port: 0 } } }),
    { logger: silentLogger },
  );
  await platform.engine.open();
  const accounts = platform.marketplace.services.accounts;
  await accounts.ensureStaffUser({
    email: 'ops@waooaw.test',
    password: 'operator password 1',
    name: 'Ops',
    role: 'operator',
  });
  operator = (
    await call('POST', '/api/v1/auth/login', undefined, {
      email: 'ops@waooaw.test',
      password: 'operator password 1',
    })
  ).json().accessToken;
  await call('POST', '/api/v1/auth/signup', undefined, {
    email: 'c@acme.com',
    password: 'customer password 1',
    name: 'C',
    organisationName: 'Acme',
  });
  const login = await call('POST', '/api/v1/auth/login', undefined, {
    email: 'c@acme.com',
    password: 'customer password 1',
  });
  customer = login.json().accessToken;
  if (!customer) throw new Error(login.body);
});
afterAll(async () => {
  await platform.engine.close();
  await platform.stop();
});

describe('workflow routes', () => {
  it('deploy → start → user task → complete → history, for an operator', async () => {
    const deployed = await call('POST', '/api/v1/workflows/definitions', operator, { source: approvalFlow });
    expect(deployed.statusCode, deployed.body).toBe(200);
    expect(deployed.json()).toMatchObject({ definitionId: 'expense-approval', version: 1, created: true });
    const again = await call('POST', '/api/v1/workflows/definitions', operator, { source: approvalFlow });
    expect(again.json()).toMatchObject({ version: 1, created: false });

    const started = await call('POST', '/api/v1/workflows/instances', operator, {
      definitionId: 'expense-approval',
      businessKey: 'exp-1',
      variables: { amount: 120 },
    });
    expect(started.statusCode).toBe(200);
    const instanceId = started.json().instanceId as string;
    const tasks = await eventually(
      async () =>
        (await call('GET', `/api/v1/workflows/tasks?instanceId=${instanceId}&status=open`, operator)).json()
          .items as Array<{ taskId: string; title: string }>,
      (items) => items.length === 1,
      { what: 'the user task' },
    );
    expect(tasks[0]!.title).toBe('Approve expense of 120');
    const done = await call('POST', `/api/v1/workflows/tasks/${tasks[0]!.taskId}/complete`, operator, {
      data: { approved: true },
    });
    expect(done.statusCode).toBe(200);
    const finished = await eventually(
      async () => (await call('GET', `/api/v1/workflows/instances/${instanceId}`, operator)).json(),
      (v) => v.status === 'completed',
      { what: 'completion' },
    );
    expect(finished.variables).toMatchObject({ amount: 120, review_decision: { approved: true } });
    expect(finished.activeElements).toEqual([]);
    const history = (await call('GET', `/api/v1/workflows/instances/${instanceId}/history`, operator)).json()
      .items as unknown[];
    expect(history.length).toBeGreaterThan(3);
    const list = (
      await call(
        'GET',
        '/api/v1/workflows/instances?definitionId=expense-approval&status=completed',
        operator,
      )
    ).json();
    expect(list.items.map((i: { instanceId: string }) => i.instanceId)).toContain(instanceId);
  });

  it('rejects an invalid definition with a 400 naming the element', async () => {
    const bad = approvalFlow.replace('- review -> decide', '- review -> nowhere');
    const res = await call('POST', '/api/v1/workflows/definitions', operator, { source: bad });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json())).toContain('nowhere');
  });

  it('refuses a BPMN file with several executable processes unless processId names one', async () => {
    const source = readFileSync(new URL('../../engine/bpmn/examples/order-c8.bpmn', import.meta.url), 'utf8');
    const refused = await call('POST', '/api/v1/workflows/definitions', operator, { source });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error).toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('order-c8, shipping-notice-c8'),
      details: { field: 'processId', processIds: ['order-c8', 'shipping-notice-c8'] },
    });
    const chosen = await call('POST', '/api/v1/workflows/definitions', operator, {
      source,
      processId: 'shipping-notice-c8',
    });
    expect(chosen.statusCode).toBe(200);
    expect(chosen.json()).toMatchObject({ definitionId: 'shipping-notice-c8', created: true });
  });

  it('answers 401 to anonymous callers and 403 to customers', async () => {
    expect((await call('GET', '/api/v1/workflows/definitions')).statusCode).toBe(401);
    expect((await call('GET', '/api/v1/workflows/definitions', customer)).statusCode).toBe(403);
  });

  it('exports a deployed definition as BPMN 2.0 XML and 404s unknown ones', async () => {
    const xml = await call('GET', '/api/v1/workflows/definitions/expense-approval/bpmn', operator);
    expect(xml.statusCode).toBe(200);
    expect(xml.body).toContain('bpmn:definitions');
    expect(xml.body).toContain('expense-approval');
    expect((await call('GET', '/api/v1/workflows/definitions/nope', operator)).statusCode).toBe(404);
  });
});
