/** A path into parsed YAML data: map keys and list indexes, from the document root. */
export type SpecPath = readonly (string | number)[];

/** Turns a path into a map key; JSON keeps `["a.b"]` and `["a","b"]` apart. */
export function pathKey(path: SpecPath): string {
  return JSON.stringify(path);
}

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** Formats a path the way issues show it: `roles.nurse.grants[0].model`. */
export function formatPath(path: SpecPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (identifier.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}
