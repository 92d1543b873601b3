/** Exit codes of the hspec command. */
export const ExitCode = {
  /** Everything worked. */
  ok: 0,
  /** The spec has errors, `--check` found drift, or a check failed. */
  failure: 1,
  /** The command line was wrong: unknown option, missing argument, missing project file. */
  usage: 2,
  /** A bug in hspec itself; the message asks for a report. */
  internal: 70,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** An error that ends a command with a message and an exit code, without a stack trace. */
export class CliError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
