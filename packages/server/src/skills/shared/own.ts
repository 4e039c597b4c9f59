// Safe lookups in plain-object tables keyed by user text: "constructor" or "__proto__" must not
// resolve to Object.prototype members.

/** The table's own value for `key`, or undefined. */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
