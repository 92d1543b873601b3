import type { JSONSchema4 } from '@typescript-eslint/utils/json-schema';

import type { SinkOption } from '../sinks/sink.js';

/** The options of every rule of the plugin. */
export interface SinkRuleOptions {
  /** Sinks that a team adds to the rule's built-in catalog, such as its own database wrapper. */
  readonly sinks: readonly SinkOption[];
}

/** The JSON schema of SinkRuleOptions. */
export const sinkRuleSchema: JSONSchema4[] = [
  {
    type: 'object',
    properties: {
      sinks: {
        type: 'array',
        description: 'Calls to report besides the built-in ones.',
        items: {
          type: 'object',
          properties: {
            module: {
              type: 'string',
              description:
                'The package, `declare module` name or extensionless file path that declares the callee.',
            },
            object: {
              type: 'string',
              description: 'The class or interface of the receiver, for a common method name.',
            },
            method: { type: 'string', description: 'The method or function name.' },
          },
          required: ['module', 'method'],
          additionalProperties: false,
        },
      },
    },
    additionalProperties: false,
  },
];

/** The options that a rule uses when a config gives none. */
export const defaultSinkRuleOptions: [SinkRuleOptions] = [{ sinks: [] }];
