/**
 * Turns a role name (`^[A-Za-z_][A-Za-z0-9_]*$`) into the PascalCase prefix of its view types:
 * `nurse` to `Nurse`, `front_desk` to `FrontDesk`, `ICU_nurse` to `ICUNurse`. A name that would
 * come out empty or start with a digit (`_`, `_2nd`) gets the prefix `Role`.
 */
export function roleTypeName(role: string): string {
  const words = role.split('_').filter((word) => word !== '');
  const joined = words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
  return joined === '' || /^[0-9]/.test(joined) ? `Role${joined}` : joined;
}

/** Names the view type of what a role reads of a model: `NursePatientView`. */
export function viewTypeName(role: string, model: string): string {
  return `${roleTypeName(role)}${model}View`;
}

/** Names the view type of what a role reads of a model under break-glass. */
export function emergencyViewTypeName(role: string, model: string): string {
  return `${roleTypeName(role)}${model}EmergencyView`;
}
