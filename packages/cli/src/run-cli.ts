import { Command, CommanderError, Option } from 'commander';

import { runGenerate } from './commands/generate.js';
import { runInit } from './commands/init.js';
import { runKeys, type KeysAction } from './commands/keys.js';
import { runValidate } from './commands/validate.js';
import { CliError, ExitCode } from './output/exit-code.js';
import { Writer, type CliStreams } from './output/writer.js';
import { version } from './version.js';

/**
 * Runs the hspec command line and resolves to its exit code: 0 on success, 1 when the spec has
 * errors or a check fails, 2 for usage errors. User errors never print a stack trace; set
 * HSPEC_DEBUG=1 to see one for an internal error.
 *
 * @example
 * const code = await runCli(['generate', '--check'], { out: process.stdout, err: process.stderr, env: process.env });
 */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = createProgram(streams, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return handleError(error, streams);
  }
}

function createProgram(streams: CliStreams, setExitCode: (code: number) => void): Command {
  const program = new Command('hspec')
    .description('Compile healthcare PHI specs into encrypted, access-checked, audited TypeScript.')
    .version(version, '-v, --version', 'print the hspec version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => streams.out.write(text),
      writeErr: (text) => streams.err.write(text),
    });

  const projectArgument = ['[project]', 'hspec.yaml, or the folder that holds it', '.'] as const;
  const jsonOption = new Option('--json', 'print one JSON document instead of text');

  program
    .command('init')
    .description('create hspec.yaml and starter spec files (never overwrites)')
    .argument('[folder]', 'where to create the project', '.')
    .addOption(jsonOption)
    .action(async (folder: string, options: { json?: boolean }) => {
      const writer = new Writer(streams, { json: options.json === true });
      setExitCode(await runInit(folder, writer));
    });

  program
    .command('validate')
    .description('check the spec files and report every error with file:line:column')
    .argument(...projectArgument)
    .addOption(jsonOption)
    .action(async (project: string, options: { json?: boolean }) => {
      const writer = new Writer(streams, { json: options.json === true });
      setExitCode(await runValidate(project, writer));
    });

  program
    .command('generate')
    .description('generate TypeScript and SQL from the spec into the `out` folder')
    .argument(...projectArgument)
    .option('--check', 'write nothing; exit 1 and list the files that would change')
    .option('--watch', 'generate again whenever a spec file changes (stop with Ctrl-C)')
    .addOption(jsonOption)
    .action(
      async (project: string, options: { check?: boolean; watch?: boolean; json?: boolean }) => {
        if (options.check === true && options.watch === true) {
          throw new CliError('--check and --watch cannot be combined', ExitCode.usage);
        }
        const writer = new Writer(streams, { json: options.json === true });
        setExitCode(
          await runGenerate(project, writer, {
            check: options.check === true,
            watch: options.watch === true,
          }),
        );
      },
    );

  const keys = program
    .command('keys')
    .description('manage the local keyring file that encrypts PHI fields');
  const keyringOption = () =>
    new Option(
      '--keyring <file>',
      'keyring file (default: security.keys.path from the spec, else .hspec/keyring.json)',
    );
  const keyCommands: readonly [KeysAction, string][] = [
    ['new', 'create a keyring with a fresh data key and blind-index key (never overwrites)'],
    ['rotate', 'add a new data key and make it active; older keys still decrypt'],
    ['list', 'list key ids, their age and which one is active (never the key bytes)'],
  ];
  for (const [action, description] of keyCommands) {
    keys
      .command(action)
      .description(description)
      .argument(...projectArgument)
      .addOption(keyringOption())
      .addOption(jsonOption)
      .action(async (project: string, options: { keyring?: string; json?: boolean }) => {
        const writer = new Writer(streams, { json: options.json === true });
        setExitCode(await runKeys(action, project, writer, { keyring: options.keyring }));
      });
  }

  return program;
}

function handleError(error: unknown, streams: CliStreams): number {
  if (error instanceof CommanderError) {
    // Help and version output end with code 0; every other commander error is a usage error.
    return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }

  const writer = new Writer(streams, { json: false });
  if (error instanceof CliError) {
    writer.fatal(error.message);
    return error.exitCode;
  }

  const message = error instanceof Error ? error.message : String(error);
  writer.fatal(`internal error: ${message}`);
  if (streams.env['HSPEC_DEBUG'] === '1' && error instanceof Error && error.stack) {
    streams.err.write(`${error.stack}\n`);
  } else {
    streams.err.write('this is a bug in hspec; run again with HSPEC_DEBUG=1 and report the output\n');
  }
  return ExitCode.internal;
}
