/**
 * Converts a spec name to a SQL name: `givenName` to `given_name`, `LabResult` to `lab_result`,
 * `HTTPLog` to `http_log` (a run of capitals is one word). Digits stay with the word before them.
 */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}
