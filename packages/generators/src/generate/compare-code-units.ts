/**
 * Orders strings by UTF-16 code units. Unlike `localeCompare`, the result does not depend on the
 * locale or ICU version of the machine, which keeps generated output byte-identical everywhere.
 */
export function compareCodeUnits(left: string, right: string): number {
  if (left < right) {
    return -1;
  }
  return left > right ? 1 : 0;
}
