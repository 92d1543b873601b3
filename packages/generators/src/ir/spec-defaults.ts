/**
 * Values that the IR takes when the spec leaves a setting out. The JSON Schema repeats them as
 * `default` annotations for editors, and docs/spec-reference.md lists them.
 */
export const specDefaults = {
  /** Six years, the retention period of 45 CFR 164.316(b)(2). */
  retention: '6y',
  purposeOfUse: 'required',
  /** Automatic logoff after 15 minutes without a request (45 CFR 164.312(a)(2)(iii)). */
  idleTimeout: '15m',
  absoluteTimeout: '12h',
  rolling: true,
  store: 'memory',
  secure: true,
  httpOnly: true,
  sameSite: 'strict',
  requireTls: true,
} as const;
