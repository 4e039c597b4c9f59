// File references in task input become what the field takes: typed records for a list of records, the
// text for a text field; a wrong kind of file, a missing one or another tenant's names the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FakeClock } from '../../clock.js';
import { createIds } from '../../ids.js';
import { parseUpload } from '../../inputs/uploaded-file.js';
import { storeTargets, type OpenedStore } from '../../testing/backends.js';
import type { Principal } from '../principal.js';
import { FileService } from './file-service.js';

const schema = z.object({
  leads: z.array(
    z.object({
      companyName: z.string(),
      employees: z.number().int(),
      isSaas: z.boolean(),
      tags: z.array(z.string()).optional(),
    }),
  ),
  notes: z.string().max(10_000).optional(),
});

const customer = (tenantId: string): Principal => ({
  userId: `${tenantId}-u`,
  tenantId,
  role: 'customer',
  email: `${tenantId}@example.test`,
  emailVerified: true,
});

const body = (name: string, content: string) => ({
  name,
  contentBase64: Buffer.from(content).toString('base64'),
});

for (const target of storeTargets()) {
  describe.skipIf(!target.open)(`FileService.resolve (${target.kind})`, () => {
    const clock = new FakeClock(Date.UTC(2026, 0, 5));
    let opened: OpenedStore;
    let files: FileService;

    beforeAll(async () => {
      opened = await target.open!({ clock });
      await opened.store.migrate();
      for (const id of ['ten_a', 'ten_b'])
        await opened.store.tenants.insert({ id, data: { name: id, publicActivity: false, plan: 'free' } });
      files = new FileService({
        store: opened.store,
        ids: createIds(() => clock.now()),
        parse: parseUpload,
        maxBytes: 1000,
      });
    });
    afterAll(async () => {
      await opened?.cleanup();
    });

    it('turns a table into typed records and a document into text', async () => {
      const table = await files.upload(
        customer('ten_a'),
        body('leads.csv', 'Company name,Employees,Is SaaS,Tags\nAcme,"1,200",yes,b2b; india\nBeta,8,no,\n'),
      );
      const note = await files.upload(customer('ten_a'), body('note.txt', 'Call them on Monday.'));
      const input = await files.resolve(
        'ten_a',
        { leads: { $file: table.id }, notes: { $file: note.id } },
        schema,
      );
      expect(input).toEqual({
        leads: [
          { companyName: 'Acme', employees: 1200, isSaas: true, tags: ['b2b', 'india'] },
          { companyName: 'Beta', employees: 8, isSaas: false },
        ],
        notes: 'Call them on Monday.',
      });
      expect(schema.safeParse(input).success).toBe(true);
    });

    it('names the field for a document given to a list, a missing file and another tenant’s file', async () => {
      const note = await files.upload(customer('ten_a'), body('note.md', '# Plan'));
      await expect(files.resolve('ten_a', { leads: { $file: note.id } }, schema)).rejects.toMatchObject({
        code: 'VALIDATION',
        details: { field: 'input.leads', kind: 'markdown' },
      });
      await expect(files.resolve('ten_a', { leads: { $file: 'fil_nope' } }, schema)).rejects.toMatchObject({
        details: { field: 'input.leads' },
      });
      await expect(files.resolve('ten_b', { notes: { $file: note.id } }, schema)).rejects.toMatchObject({
        details: { field: 'input.notes' },
      });
    });

    it('refuses a file over the limit with PAYLOAD_TOO_LARGE before reading it', async () => {
      await expect(files.upload(customer('ten_a'), body('big.txt', 'x'.repeat(1001)))).rejects.toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        details: { limit: 1000 },
      });
      expect((await files.list(customer('ten_b'), { limit: 10 })).items).toEqual([]);
    });
  });
}
