// Job-title parsing for sales skills: seniority (C-level → intern), department and buying authority.

export type Seniority =
  'C-level' | 'VP' | 'Director' | 'Manager' | 'Individual contributor' | 'Intern' | 'Unknown';

export interface TitleInfo {
  title: string;
  seniority: Seniority;
  department: string;
  /** 0..1 buying authority, used for the "A" in BANT. */
  authority: number;
  persona: 'decision maker' | 'influencer' | 'user' | 'unknown';
}

const SENIORITY: { re: RegExp; level: Seniority; authority: number }[] = [
  { re: /\b(intern|trainee|apprentice|student)\b/i, level: 'Intern', authority: 0.05 },
  {
    re: /\b(c[etofmirsp]o|ciso|chro|cpo|chief|founder|co-?founder|owner|president|managing director|md|partner|proprietor)\b/i,
    level: 'C-level',
    authority: 1,
  },
  { re: /\b(avp|assistant vice president)\b/i, level: 'VP', authority: 0.75 },
  { re: /\b(svp|evp|vp|vice president)\b/i, level: 'VP', authority: 0.85 },
  { re: /\b(director|head of|general manager|gm)\b|^head\b/i, level: 'Director', authority: 0.7 },
  { re: /\b(manager|lead|team lead|supervisor|principal)\b/i, level: 'Manager', authority: 0.45 },
  {
    re: /\b(engineer|developer|analyst|specialist|associate|executive|coordinator|consultant|representative|officer|administrator|designer|scientist|accountant|recruiter|architect|sdr|bdr|ae)\b/i,
    level: 'Individual contributor',
    authority: 0.2,
  },
];

const DEPARTMENTS: [string, RegExp][] = [
  ['Executive', /\b(ceo|founder|co-?founder|owner|president|managing director|md|general manager)\b/i],
  ['IT & Security', /\b(cio|ciso|it|infrastructure|security|network|systems administrator|sysadmin)\b/i],
  ['Engineering', /\b(cto|engineer(ing)?|developer|software|devops|sre|architect|technology|tech)\b/i],
  ['Product', /\b(cpo|product)\b/i],
  ['Sales', /\b(cro|sales|account executive|account manager|sdr|bdr|business development|revenue)\b/i],
  ['Marketing', /\b(cmo|marketing|growth|brand|content|demand gen|seo|communications|pr)\b/i],
  ['Finance', /\b(cfo|finance|financial|accounts?|accountant|controller|treasury|audit)\b/i],
  ['People', /\b(chro|hr|human resources|people|talent|recruit(er|ing)?)\b/i],
  ['Operations', /\b(coo|operations|ops|supply chain|logistics|procurement|purchase)\b/i],
  ['Customer Success', /\b(customer success|support|customer experience|cx|service)\b/i],
  ['Data', /\b(data|analytics|bi|business intelligence)\b/i],
];

/** Parses one job title. */
export function parseTitle(raw: string): TitleInfo {
  const title = raw.trim().replace(/\s+/g, ' ');
  const s = SENIORITY.find((x) => x.re.test(title));
  // "Associate Director" / "Assistant Manager" sit a notch below the level they name.
  const junior = /\b(associate|assistant|deputy)\s+(director|manager|vice president)\b/i.test(title);
  const level = s?.level ?? 'Unknown';
  const authority = s
    ? (junior ? s.authority * 0.8 : s.authority) *
      (/\b(senior|sr\.?)\b/i.test(title) && level === 'Individual contributor' ? 1.25 : 1)
    : 0.1;
  const department = DEPARTMENTS.find(([, re]) => re.test(title))?.[0] ?? 'Other';
  const persona =
    level === 'Unknown'
      ? 'unknown'
      : authority >= 0.7
        ? 'decision maker'
        : authority >= 0.4
          ? 'influencer'
          : 'user';
  return { title, seniority: level, department, authority: Math.round(authority * 1000) / 1000, persona };
}
