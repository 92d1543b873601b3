/**
 * Copies the listed fields of a record into a new object: the projection that a decision's
 * `fields` allow. Only own properties named in the list are copied, so a field that the decision
 * did not allow never reaches the result, whatever else the record carries.
 *
 * @example
 * const decision = authorize(request, 'read', 'Patient', links);
 * const visible = projectFields(patient, decision.fields);
 */
export function projectFields<T extends object>(record: T, fields: readonly string[]): Partial<T> {
  const source = record as Readonly<Record<string, unknown>>;
  const projection: Record<string, unknown> = {};
  for (const field of fields) {
    if (!Object.hasOwn(record, field)) continue;
    if (field === '__proto__') {
      // Assigning this name would replace the projection's prototype instead of adding a field.
      Object.defineProperty(projection, field, {
        value: source[field],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      projection[field] = source[field];
    }
  }
  return projection as Partial<T>;
}
