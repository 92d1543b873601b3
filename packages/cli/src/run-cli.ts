import { Command, CommanderError, Option } from 'commander';

import { runAuditPrune, runAuditVerify, type AuditLogOptions } from './commands/audit.js';
import { runGenerate } from './commands/generate.js';
import { runInit } from './commands/init.js';
import { runKeys, type KeysAction } from './commands/keys.js';
import { runReencrypt, runRetire } from './commands/reencrypt.js';
import { runTest } from './commands/test.js';
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
    return handleError(error, streams, argv.includes('--json'));
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

  program
    .command('test')
    .description("run the spec's policy tests against the compiled policy; exit 1 on a failure")
    .argument(...projectArgument)
    .addOption(jsonOption)
    .action(async (project: string, options: { json?: boolean }) => {
      const writer = new Writer(streams, { json: options.json === true });
      setExitCode(await runTest(project, writer));
    });

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
  const sqliteOption = (description: string) =>
    new Option('--sqlite <file>', description).makeOptionMandatory();
  keys
    .command('reencrypt')
    .description('re-encrypt rows still under older keys with the active key, in batches')
    .argument(...projectArgument)
    .addOption(sqliteOption('SQLite database file to re-encrypt in place'))
    .option('--batch-size <rows>', 'rows per batch; each batch is one transaction (default: 500)')
    .addOption(keyringOption())
    .addOption(jsonOption)
    .action(
      async (
        project: string,
        options: { sqlite: string; batchSize?: string; keyring?: string; json?: boolean },
      ) => {
        const writer = new Writer(streams, { json: options.json === true });
        const { sqlite, batchSize, keyring } = options;
        setExitCode(await runReencrypt(project, writer, { sqlite, batchSize, keyring }));
      },
    );
  keys
    .command('retire')
    .description('remove an older key from the keyring once no row of the database uses it')
    .argument('<keyId>', 'id of the key to remove')
    .argument(...projectArgument)
    .addOption(sqliteOption('SQLite database file to check for rows that still use the key'))
    .addOption(keyringOption())
    .addOption(jsonOption)
    .action(
      async (
        keyId: string,
        project: string,
        options: { sqlite: string; keyring?: string; json?: boolean },
      ) => {
        const writer = new Writer(streams, { json: options.json === true });
        const { sqlite, keyring } = options;
        setExitCode(await runRetire(keyId, project, writer, { sqlite, keyring }));
      },
    );

  program
    .command('deid')
    .description('de-identify FHIR R4 NDJSON or a Bundle by HIPAA Safe Harbor, with the spec\'s mappings')
    .argument(...projectArgument)
    .option('--in <file>', 'input file; repeat for several (default: stdin)', collectValues, [])
    .option('--out <file>', 'output file, written only when every input succeeds (default: stdout)')
    .addOption(
      new Option('--format <format>', 'input and output format (default: bundle for a .json input, else ndjson)')
        .choices(['ndjson', 'bundle']),
    )
    .option('--skip-invalid', 'leave out invalid lines or Bundle entries and list them, instead of failing')
    .option('--as-of <date>', 'date on which ages are computed, YYYY-MM-DD (default: today)')
    .option('--linkage <file>', 'SQLite file that keeps pseudonyms between runs; it links codes to original ids, so keep it apart from the output')
    .addOption(jsonOption)
    .action(async (project: string, options: DeidCommandOptions) => {
      const writer = new Writer(streams, { json: options.json === true });
      // Loaded on use, so that the other commands start without the R4 element table.
      const { runDeid } = await import('./commands/deid.js');
      setExitCode(
        await runDeid(project, writer, streams, {
          in: options.in,
          out: options.out,
          format: options.format,
          skipInvalid: options.skipInvalid === true,
          asOf: options.asOf,
          linkage: options.linkage,
        }),
      );
    });

  const audit = program
    .command('audit')
    .description('verify and prune the tamper-evident audit log');
  const addAuditLogOptions = (command: Command): Command =>
    command
      .argument(...projectArgument)
      .option('--sqlite <file>', 'SQLite database that holds the hspec_audit_log table')
      .option('--jsonl <file>', 'JSON Lines audit log (checkpoints in <file>.checkpoints.jsonl)')
      .addOption(keyringOption())
      .addOption(jsonOption);

  addAuditLogOptions(
    audit
      .command('verify')
      .description('check every record hash, link and signed checkpoint; exit 1 if one is broken'),
  ).action(async (project: string, options: AuditCommandOptions) => {
    const writer = new Writer(streams, { json: options.json === true });
    setExitCode(await runAuditVerify(project, writer, auditLogOptionsOf(options)));
  });

  addAuditLogOptions(
    audit
      .command('prune')
      .description('remove records older than audit.retention, cutting the log at a checkpoint'),
  )
    .requiredOption(
      '--before <date>',
      'remove only records before this UTC date (YYYY-MM-DD), which must be older than the retention',
    )
    .action(async (project: string, options: AuditCommandOptions) => {
      const writer = new Writer(streams, { json: options.json === true });
      const logOptions = auditLogOptionsOf(options);
      setExitCode(await runAuditPrune(project, writer, { ...logOptions, before: options.before }));
    });

  return program;
}

interface DeidCommandOptions {
  readonly in: string[];
  readonly out?: string;
  readonly format?: string;
  readonly skipInvalid?: boolean;
  readonly asOf?: string;
  readonly linkage?: string;
  readonly json?: boolean;
}

/** Collects the values of an option that may be given more than once. */
function collectValues(value: string, previous: string[]): string[] {
  return [...previous, value];
}

interface AuditCommandOptions {
  readonly sqlite?: string;
  readonly jsonl?: string;
  readonly keyring?: string;
  readonly before?: string;
  readonly json?: boolean;
}

function auditLogOptionsOf(options: AuditCommandOptions): AuditLogOptions {
  return { sqlite: options.sqlite, jsonl: options.jsonl, keyring: options.keyring };
}

function handleError(error: unknown, streams: CliStreams, json: boolean): number {
  const writer = new Writer(streams, { json: false });

  if (error instanceof CommanderError) {
    // Help and version output end with code 0; every other commander error is a usage error.
    if (error.exitCode === 0) return ExitCode.ok;
    if (json) writeErrorDocument(streams, error.code, error.message.replace(/^error: /, ''));
    return ExitCode.usage;
  }

  if (error instanceof CliError) {
    if (json) writeErrorDocument(streams, 'cli.error', error.message);
    writer.fatal(error.message);
    return error.exitCode;
  }

  const message = error instanceof Error ? error.message : String(error);
  if (json) writeErrorDocument(streams, 'internal', message);
  writer.fatal(`internal error: ${message}`);
  if (streams.env['HSPEC_DEBUG'] === '1' && error instanceof Error && error.stack) {
    streams.err.write(`${error.stack}\n`);
  } else {
    streams.err.write('this is a bug in hspec; run again with HSPEC_DEBUG=1 and report the output\n');
  }
  return ExitCode.internal;
}

/** In `--json` mode every failure also leaves one JSON document on stdout. */
function writeErrorDocument(streams: CliStreams, code: string, message: string): void {
  streams.out.write(`${JSON.stringify({ ok: false, error: { code, message } }, null, 2)}\n`);
}
