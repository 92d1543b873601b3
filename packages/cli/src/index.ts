export { runCli } from './run-cli.js';
export type { CliStreams } from './output/writer.js';
export { ExitCode } from './output/exit-code.js';
