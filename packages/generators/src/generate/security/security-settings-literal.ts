import type { SecurityIR } from '../../ir/spec-ir.js';
import { literalObject, type LiteralObject } from '../literal-layout.js';

/**
 * Builds the value of the generated `securitySettings` constant from the spec's security
 * section: sessions, transport and keys in the spec's order and words, durations in seconds.
 * A subsection that the spec leaves out is left out here too, and so is an unset key setting.
 */
export function securitySettingsLiteral(security: SecurityIR): LiteralObject {
  const { sessions, transport, keys } = security;
  return literalObject([
    [
      'sessions',
      sessions === undefined
        ? undefined
        : literalObject([
            ['idleTimeout', sessions.idleTimeout],
            ['absoluteTimeout', sessions.absoluteTimeout],
            ['rolling', sessions.rolling],
            ['store', sessions.store],
            [
              'cookie',
              literalObject([
                ['secure', sessions.cookie.secure],
                ['httpOnly', sessions.cookie.httpOnly],
                ['sameSite', sessions.cookie.sameSite],
              ]),
            ],
          ]),
    ],
    [
      'transport',
      transport === undefined ? undefined : literalObject([['requireTls', transport.requireTls]]),
    ],
    [
      'keys',
      keys === undefined
        ? undefined
        : literalObject([
            ['provider', keys.provider],
            ['path', keys.path],
            ['rotateAfter', keys.rotateAfter],
          ]),
    ],
  ]);
}
