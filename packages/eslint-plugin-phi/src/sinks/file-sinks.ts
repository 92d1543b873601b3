import type { Sink } from './sink.js';

const destination = 'a file';

/** The Node.js file system calls that write their arguments to a file. */
export const fileSinks: readonly Sink[] = [
  {
    library: 'fs',
    destination,
    modules: ['fs', 'fs/promises'],
    methods: ['appendFile', 'appendFileSync', 'writeFile', 'writeFileSync'],
  },
  {
    library: 'fs',
    destination,
    modules: ['fs'],
    object: 'WriteStream',
    methods: ['end', 'write'],
  },
  {
    library: 'fs/promises',
    destination,
    modules: ['fs/promises'],
    object: 'FileHandle',
    methods: ['appendFile', 'write', 'writeFile'],
  },
];
