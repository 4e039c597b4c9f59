// What a customer means by "a website": an http(s) address with a real host name.

/** True for an http(s) address with a dotted host (what a customer means by "a website"). */
export function isWebAddress(text: string): boolean {
  try {
    const u = new URL(text.trim());
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') &&
      /\.[a-z]{2,}$|^localhost$|^\d+\.\d+\.\d+\.\d+$/i.test(u.hostname)
    );
  } catch {
    return false;
  }
}
