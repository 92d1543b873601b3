/**
 * Member names of `Object.prototype` in Node. Reading an omitted field with such a name, such as
 * `input.constructor`, finds the inherited member instead of undefined. The list is fixed, not
 * read from the running engine, so that output is the same on every Node version.
 */
export const objectPrototypeNames: ReadonlySet<string> = new Set([
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
]);

/**
 * Members of the `Object` interface in TypeScript's standard library. TypeScript checks an
 * object literal that omits an optional property of such a name against the inherited member,
 * so `{}` is not assignable to `{ toString?: boolean }`. Such fields cannot be optional keys.
 */
export const objectInterfaceNames: ReadonlySet<string> = new Set([
  'constructor',
  'hasOwnProperty',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'toString',
  'valueOf',
]);
