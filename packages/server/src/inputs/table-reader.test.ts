import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { readTable } from './table-reader.js';

const limits = { maxRows: 100, maxColumns: 20 };

describe('readTable', () => {
  it('reads a CSV: header row, text cells, quoted commas, blank lines skipped', async () => {
    const csv = 'Company,Employees,Tech\nPayFast,300,"Salesforce, HubSpot"\n\nTinyShop,8,\n';
    expect(await readTable('leads.csv', Buffer.from(csv), limits)).toEqual({
      columns: ['Company', 'Employees', 'Tech'],
      rows: [
        ['PayFast', '300', 'Salesforce, HubSpot'],
        ['TinyShop', '8', ''],
      ],
      truncated: false,
    });
  });

  it('reads the first sheet of an Excel workbook, dates as YYYY-MM-DD', async () => {
    const data = [
      [{ value: 'Deal' }, { value: 'Amount' }, { value: 'Close date' }],
      [
        { value: 'Acme renewal' },
        { type: Number, value: 1000000 },
        { type: Date, value: new Date(Date.UTC(2026, 0, 30)), format: 'yyyy-mm-dd' },
      ],
    ];
    const bytes = Buffer.from(await (await writeXlsxFile(data as never)).toBuffer());
    expect(await readTable('deals.xlsx', bytes, limits)).toMatchObject({
      columns: ['Deal', 'Amount', 'Close date'],
      rows: [['Acme renewal', '1000000', '2026-01-30']],
      truncated: false,
    });
  });

  it('keeps at most the row limit and says so', async () => {
    const csv = `n\n${Array.from({ length: 5 }, (_, i) => i).join('\n')}`;
    const t = await readTable('n.csv', Buffer.from(csv), { maxRows: 3, maxColumns: 5 });
    expect(t.rows).toHaveLength(3);
    expect(t.truncated).toBe(true);
  });

  it('explains files it cannot read', async () => {
    await expect(readTable('old.xls', Buffer.from('x'), limits)).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'file', reason: 'unsupported-format' },
    });
    await expect(readTable('broken.xlsx', Buffer.from('PK not a zip'), limits)).rejects.toMatchObject({
      details: { reason: 'unreadable-spreadsheet' },
    });
    await expect(readTable('empty.csv', Buffer.from('\n\n'), limits)).rejects.toMatchObject({
      details: { reason: 'empty' },
    });
  });
});
