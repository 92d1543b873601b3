import type { Sink } from './sink.js';

const destination = 'a log';

const consoleMethods = [
  'assert',
  'debug',
  'dir',
  'dirxml',
  'error',
  'group',
  'groupCollapsed',
  'info',
  'log',
  'table',
  'timeLog',
  'trace',
  'warn',
];

/** The logger calls that write their arguments to a log or to the process's output. */
export const logSinks: readonly Sink[] = [
  {
    library: 'console',
    destination,
    modules: [],
    methods: consoleMethods,
    match: 'global',
    global: 'console',
  },
  {
    library: 'process',
    destination,
    modules: [],
    methods: ['write'],
    match: 'global',
    global: 'process.stdout',
  },
  {
    library: 'process',
    destination,
    modules: [],
    methods: ['write'],
    match: 'global',
    global: 'process.stderr',
  },
  {
    library: 'pino',
    destination,
    modules: ['pino'],
    methods: ['child', 'debug', 'error', 'fatal', 'info', 'silent', 'trace', 'warn'],
  },
  {
    library: 'winston',
    destination,
    modules: ['winston'],
    methods: [
      'alert',
      'child',
      'crit',
      'debug',
      'emerg',
      'error',
      'http',
      'info',
      'log',
      'notice',
      'silly',
      'verbose',
      'warn',
      'warning',
    ],
  },
  {
    library: 'bunyan',
    destination,
    modules: ['bunyan'],
    methods: ['child', 'debug', 'error', 'fatal', 'info', 'trace', 'warn'],
  },
  {
    library: 'debug',
    destination,
    modules: ['debug'],
    object: 'Debugger',
    methods: [],
    match: 'callable',
  },
];
