// Company records for the lead-generation skills, from CSV with loose header matching.
import { readCsvRecords } from '../shared/csv.js';

export interface CompanyRecord {
  row: number;
  name: string;
  domain?: string | undefined;
  industry: string;
  employees?: number | undefined;
  revenue?: number | undefined;
  country: string;
  city: string;
  tech: string[];
  founded?: number | undefined;
}

export function companiesFromCsv(
  csv: string,
  field = 'csv',
): { companies: CompanyRecord[]; headers: string[] } {
  const { records, headers } = readCsvRecords(
    csv,
    {
      name: {
        aliases: ['company', 'company name', 'organisation', 'organization', 'account'],
        type: 'string',
        required: true,
      },
      domain: { aliases: ['website', 'url', 'company website', 'web'], type: 'string' },
      industry: { aliases: ['sector', 'vertical'], type: 'string' },
      employees: { aliases: ['employee count', 'headcount', 'company size', 'size'], type: 'number' },
      revenue: { aliases: ['annual revenue', 'revenue inr', 'turnover'], type: 'number' },
      country: { aliases: ['hq country'], type: 'string' },
      city: { aliases: ['hq city', 'location'], type: 'string' },
      tech: { aliases: ['technologies', 'tech stack', 'technology'], type: 'string' },
      founded: { aliases: ['founded year', 'year founded'], type: 'number' },
    },
    field,
    10_000,
  );
  return {
    headers,
    companies: records.map((r, i) => ({
      row: i + 1,
      name: r.name ?? '',
      domain: r.domain,
      industry: r.industry ?? '',
      employees: r.employees,
      revenue: r.revenue,
      country: r.country ?? '',
      city: r.city ?? '',
      tech: (r.tech ?? '')
        .split(/[;|,]/)
        .map((t) => t.trim())
        .filter(Boolean),
      founded: r.founded,
    })),
  };
}
