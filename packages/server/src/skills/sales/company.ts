// Company names and domains, normalised for matching: legal suffixes, punctuation, "www." and paths.

const SUFFIXES =
  /\b(private limited|pvt\.? ?ltd\.?|pvt|limited|ltd\.?|llp|llc|inc\.?|incorporated|corp\.?|corporation|co\.?|company|gmbh|plc|pte\.? ?ltd\.?|s\.?a\.?|technologies|technology|solutions|services|india)\b/gi;

/** A comparable key: lower case, legal suffixes and punctuation removed ("Acme Tech Pvt. Ltd." → "acme tech"). */
export function companyKey(name: string): string {
  const k = name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(SUFFIXES, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return k || name.toLowerCase().trim();
}

/** Standard display form of legal suffixes ("private limited" → "Pvt Ltd", "inc." → "Inc"). */
export function standardiseCompany(name: string): string {
  return name
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/\b(private limited|pvt\.? ?ltd\.?)$/i, 'Pvt Ltd')
    .replace(/\blimited$/i, 'Ltd')
    .replace(/\bltd\.$/i, 'Ltd')
    .replace(/\b(incorporated|inc\.)$/i, 'Inc')
    .replace(/\bcorp\.$/i, 'Corp')
    .replace(/\bllp$/i, 'LLP')
    .replace(/\bllc$/i, 'LLC');
}

/** The registrable-looking host of a URL or domain ("https://www.Acme.com/about" → "acme.com"). */
export function normaliseDomain(raw: string): string | undefined {
  const t =
    raw
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .replace(/^www\d?\./, '')
      .split(/[/?#:]/)[0] ?? '';
  return /^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(t) ? t : undefined;
}
