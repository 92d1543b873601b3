import type { SecurityIR, SpecIR } from '../../../../src/ir/spec-ir.js';
import { telehealthSpec } from '../../support/telehealth-spec.js';

/** Builds the security section of the telehealth spec as the IR builder produces it. */
export function telehealthSecurity(): SecurityIR {
  return {
    kind: 'security',
    sessions: {
      idleTimeout: 15 * 60,
      absoluteTimeout: 12 * 60 * 60,
      rolling: true,
      store: 'redis',
      cookie: { secure: true, httpOnly: true, sameSite: 'strict' },
    },
    transport: { requireTls: true },
    keys: { provider: 'file', path: '.hspec/keyring.json', rotateAfter: 90 * 24 * 60 * 60 },
    source: { file: 'specs/security.yaml', line: 1, column: 1 },
  };
}

/** Builds a spec of the telehealth models and a security section, by default the telehealth one. */
export function specWithSecurity(security: SecurityIR = telehealthSecurity()): SpecIR {
  return { ...telehealthSpec(), security };
}
