/** The kind of callee that a sink matches. */
export type SinkMatch =
  /** A method or function named in `methods` and declared in one of `modules`. */
  | 'declared'
  /** Any call of a value whose call signature one of `modules` declares, such as a debug logger. */
  | 'callable'
  /** A method of the global object `global`, or a global function when `global` is empty. */
  | 'global';

/** A call that sends its arguments out of the process: to a database, a file, a log or a client. */
export interface Sink {
  /** The library as messages name it, such as `better-sqlite3` or `express`. */
  readonly library: string;
  /** The destination in message wording: `the database`, `a log`, `an HTTP response`. */
  readonly destination: string;
  /** The modules that declare the callee, with or without the `node:` prefix. */
  readonly modules: readonly string[];
  /**
   * The class or interface that the receiver is, or that declares the method, for method names
   * too common to go by alone.
   */
  readonly object?: string;
  /** The method or function names, empty for a callable sink. */
  readonly methods: readonly string[];
  /** The kind of callee to match, `declared` when left out. */
  readonly match?: SinkMatch;
  /** The global object of a global sink, such as `console` or `process.stdout`. */
  readonly global?: string;
  /** Also match each of `modules` as the end of the declaring file's path without extension. */
  readonly matchPath?: boolean;
}

/** A sink that a team adds through a rule's `sinks` option. */
export interface SinkOption {
  /** The package, `declare module` name or file path without extension that declares the callee. */
  readonly module: string;
  /** The class or interface of the receiver, when the method name alone is too common. */
  readonly object?: string;
  /** The method or function name. */
  readonly method: string;
}

/** Converts the `sinks` option entries of a rule into sinks with the rule's destination. */
export function sinksFromOptions(options: readonly SinkOption[], destination: string): Sink[] {
  return options.map((option) => ({
    library: option.module,
    destination,
    modules: [option.module],
    ...(option.object === undefined ? {} : { object: option.object }),
    methods: [option.method],
    matchPath: true,
  }));
}

/** Describes a matched sink call for a message, such as `the database through pg query`. */
export function describeSink(sink: Sink, method: string): string {
  return `${sink.destination} through ${calleeLabel(sink, method)}`;
}

function calleeLabel(sink: Sink, method: string): string {
  switch (sink.match ?? 'declared') {
    case 'callable':
      return sink.library;
    case 'global':
      return sink.global === undefined || sink.global === '' ? method : `${sink.global}.${method}`;
    case 'declared':
      return sink.object === undefined
        ? `${sink.library} ${method}`
        : `${sink.library} ${sink.object}.${method}`;
  }
}
