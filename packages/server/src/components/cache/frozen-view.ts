// Views frozen all the way down and marked as such, so that a serializer may keep the JSON it made
// for one: the same object can only ever serialize to the same text.
const views = new WeakSet<object>();

/** Freezes `value` and every plain object or array inside it, and marks it as a frozen view. */
export function frozenView<T extends object>(value: T): Readonly<T> {
  freezeDeep(value);
  views.add(value);
  return value;
}

function freezeDeep(value: object): void {
  for (const inner of Object.values(value))
    if (typeof inner === 'object' && inner !== null && !Object.isFrozen(inner)) freezeDeep(inner);
  Object.freeze(value);
}

/** Whether `value` was made by `frozenView` (and so cannot have changed since). */
export function isFrozenView(value: unknown): value is object {
  return typeof value === 'object' && value !== null && views.has(value);
}
