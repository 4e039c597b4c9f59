import writeXlsxFile from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { parseUpload } from './uploaded-file.js';

/** A one-page PDF showing `line` in Helvetica, with a correct cross-reference table. */
function minimalPdf(line: string): Buffer {
  const content = `BT /F1 24 Tf 72 700 Td (${line}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((o, i) => {
    const at = pdf.length;
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

describe('parseUpload (type by content)', () => {
  it('reads a CSV with csv-parse: header, rows, original text kept', async () => {
    const csv = 'Company,Employees\n"Acme, Inc",120\nBeta,8\n';
    const f = await parseUpload('upload.bin', Buffer.from(csv));
    expect(f).toMatchObject({
      kind: 'csv',
      mediaType: 'text/csv',
      columns: ['Company', 'Employees'],
      rows: [
        ['Acme, Inc', '120'],
        ['Beta', '8'],
      ],
      text: csv,
      size: csv.length,
    });
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the row and column of a row wider than the header', async () => {
    await expect(
      parseUpload('leads.csv', Buffer.from('Company,Employees\nAcme,1\nBeta,2,extra\n')),
    ).rejects.toMatchObject({
      code: 'VALIDATION',
      message: 'Row 3 has 3 columns, the header has 2',
      details: { field: 'file', row: 3, column: 3 },
    });
    await expect(parseUpload('leads.csv', Buffer.from('Company,\nAcme,1\n'))).rejects.toMatchObject({
      details: { row: 1, column: 2 },
    });
  });

  it('reads the first sheet of an XLSX workbook, whatever its name', async () => {
    const data = [
      [{ value: 'Company' }, { value: 'Employees' }],
      [{ value: 'Acme' }, { type: Number, value: 120 }],
    ];
    const bytes = Buffer.from(await (await writeXlsxFile(data as never)).toBuffer());
    expect(await parseUpload('leads.csv', bytes)).toMatchObject({
      kind: 'xlsx',
      columns: ['Company', 'Employees'],
      rows: [['Acme', '120']],
    });
  });

  it('tells HTML, Markdown and plain text apart by content', async () => {
    expect((await parseUpload('page.txt', Buffer.from('<!doctype html><title>Hi</title>'))).kind).toBe(
      'html',
    );
    expect((await parseUpload('a.txt', Buffer.from('# Syllabus\n\n- week 1: algebra\n'))).kind).toBe(
      'markdown',
    );
    const text = await parseUpload('a.md', Buffer.from('Just a plain note, nothing more.'));
    expect(text).toMatchObject({
      kind: 'text',
      columns: null,
      rows: null,
      text: 'Just a plain note, nothing more.',
    });
  });

  it('extracts the text of a PDF, and names a broken one', async () => {
    const f = await parseUpload('syllabus.bin', minimalPdf('Week 1: algebra basics'));
    expect(f).toMatchObject({ kind: 'pdf', mediaType: 'application/pdf', text: 'Week 1: algebra basics' });
    await expect(parseUpload('x.pdf', Buffer.from('%PDF-1.7\nnot really'))).rejects.toMatchObject({
      code: 'VALIDATION',
      details: { field: 'file' },
    });
  });

  it('refuses binary content with 415, and empty files with 400', async () => {
    await expect(parseUpload('x.csv', Buffer.from([0xff, 0xfe, 0x00, 0x81]))).rejects.toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
    await expect(parseUpload('x.txt', Buffer.from('   \n'))).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});
