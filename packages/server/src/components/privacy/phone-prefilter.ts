// A cheap test run before libphonenumber's text scan: a valid number has at least as many digits as
// the shortest number its region (or, written with `+`, any country code and plan) allows, all in
// one stretch of text that no letter interrupts. Texts without such a stretch cannot hold one.
import { Metadata, getCountries, getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import metadataJson from 'libphonenumber-js/min/metadata';

let shortestInternational: number | undefined;
const shortestByRegion = new Map<CountryCode, number>();

/** `plan`: a region, or the calling code of a non-geographic plan (+800 …), which the library accepts too. */
function shortestNational(metadata: Metadata, plan: string): number {
  metadata.selectNumberingPlan(plan as CountryCode);
  return Math.min(...metadata.numberingPlan!.possibleLengths());
}

/**
 * The fewest digits a number libphonenumber finds in text for `region` can have: the region's
 * shortest national number, or a country code plus its plan's shortest number (from the metadata,
 * so it follows library updates). Prefixes (national, international) only add digits.
 */
export function phoneDigitsMin(region: CountryCode): number {
  const known = shortestByRegion.get(region);
  if (known !== undefined) return known;
  const metadata = new Metadata();
  if (shortestInternational === undefined) {
    let min = Infinity;
    for (const country of getCountries())
      min = Math.min(min, getCountryCallingCode(country).length + shortestNational(metadata, country));
    for (const code of Object.keys(metadataJson.nonGeographic))
      min = Math.min(min, code.length + shortestNational(metadata, code));
    shortestInternational = min;
  }
  const min = Math.min(shortestInternational, shortestNational(metadata, region));
  shortestByRegion.set(region, min);
  return min;
}

const DIGIT = /\p{Nd}/u;
const LETTER = /\p{L}/u;

/**
 * Whether `text` has `min` digits with no letter between them (x/X excepted: libphonenumber reads
 * it as an extension mark). Anything else — spaces, newlines, brackets, dashes, dots, `+` — joins
 * digits here, which is more than the library's candidates allow: a superset, so never a miss.
 */
export function mayHoldPhoneNumber(text: string, min: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      if (c >= 48 && c <= 57) {
        if (++run >= min) return true;
      } else if (((c >= 65 && c <= 90) || (c >= 97 && c <= 122)) && c !== 88 && c !== 120) run = 0;
      continue;
    }
    const point = text.codePointAt(i)!;
    const ch = String.fromCodePoint(point);
    if (point > 0xffff) i++;
    if (DIGIT.test(ch)) {
      if (++run >= min) return true;
    } else if (LETTER.test(ch)) run = 0;
  }
  return false;
}
