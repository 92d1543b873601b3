// Appends audit records from a separate process, for the concurrency tests. It uses the built
// runtime (packages/runtime/dist), so run `pnpm build` before these tests.
// Usage: node append-child.mjs <sqlite|jsonl> <log path> <keyring path> <count> <writer name>
//   <start time in ms since 1970>
import Database from 'better-sqlite3';
import { FileKeyProvider, JsonlAuditLog, Keyring, SqliteAuditLog } from '../../dist/index.js';

const [kind, path, keyringPath, countText, writer, startText] = process.argv.slice(2);
const count = Number(countText);
const keyring = await Keyring.load(new FileKeyProvider(keyringPath));

const sleep = (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds));

const entry = {
  event: 'phi.read',
  action: 'read',
  outcome: 'success',
  userId: writer,
  role: 'nurse',
  model: 'Patient',
  recordIds: ['p1'],
  fields: ['familyName'],
  purposeOfUse: 'TREAT',
  reason: null,
  emergency: false,
  changedFields: null,
  alert: false,
  detail: null,
  requestId: null,
};

// Each writer opens its log first and then waits for the same start time, so that every head
// it has read goes stale, and pauses between appends as a server between requests does, so
// that the writers' appends interleave.
if (kind === 'sqlite') {
  const db = new Database(path);
  db.pragma('busy_timeout = 30000');
  const log = new SqliteAuditLog(db, { keyring, checkpointEvery: 7 });
  await sleep(Number(startText) - Date.now());
  for (let index = 0; index < count; index += 1) {
    await sleep(1);
    if (index % 2 === 0) {
      log.appendSync(entry);
    } else {
      // Half of the appends run inside a caller's immediate transaction, as repositories do.
      db.transaction(() => log.appendSync(entry)).immediate();
    }
  }
  db.close();
} else {
  const log = await JsonlAuditLog.open(path, { keyring, checkpointEvery: 7, lockTimeoutMs: 60_000 });
  await sleep(Number(startText) - Date.now());
  for (let index = 0; index < count; index += 1) {
    await sleep(1);
    await log.append(entry);
  }
  await log.close();
}
