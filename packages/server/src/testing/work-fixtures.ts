// Customer input shared by the work-order tests (the API test and the Chromium journey): a page whose
// title is 12 characters, and a 200-row lead list with the rows that match the ICP worked out here.

/** A home page whose <title> ("Acme Clinics") is 12 characters: the SEO audit flags it as too short. */
export const SHORT_TITLE_PAGE = `<!doctype html><html lang="en"><head><title>Acme Clinics</title>
<meta name="description" content="Diabetes care in Pune."><meta name="viewport" content="width=device-width">
</head><body><h1>Acme Clinic</h1><p>We help patients with diabetes eat well.</p></body></html>`;

/** The ICP as segment-export filters: SaaS or Fintech, 50–500 employees, in India. */
export const ICP_FILTERS = [
  { column: 'Industry', op: 'in', value: ['SaaS', 'Fintech'] },
  { column: 'Employees', op: 'between', value: [50, 500] },
  { column: 'Country', op: 'eq', value: 'India' },
];

/** 200 leads as CSV, and the companies that match the ICP. */
export function leadCsv(): { csv: string; matching: string[] } {
  const industries = ['SaaS', 'Fintech', 'Retail', 'Healthcare', 'Logistics'];
  const countries = ['India', 'India', 'Germany', 'USA'];
  const lines = ['Company,Industry,Employees,Country,Email'];
  const matching: string[] = [];
  for (let i = 1; i <= 200; i++) {
    const industry = industries[i % industries.length]!;
    const country = countries[(i * 7) % countries.length]!;
    const employees = (i * 37) % 900;
    const company = `Company ${String(i).padStart(3, '0')}`;
    lines.push(`${company},${industry},${employees},${country},ceo${i}@example.com`);
    const icp = ['SaaS', 'Fintech'].includes(industry) && employees >= 50 && employees <= 500;
    if (icp && country === 'India') matching.push(company);
  }
  return { csv: `${lines.join('\n')}\n`, matching };
}
