// Field encryption cost: FieldCipher encrypt+decrypt against raw node:crypto AES-256-GCM on the
// same values, measured in the same process. Run `pnpm build` first. This module prints nothing
// and returns its results from `run()`.
import { createCipheriv, createDecipheriv, createSecretKey, randomBytes } from 'node:crypto';
import { FieldCipher, Keyring } from '../packages/runtime/dist/index.js';

const warmUpMilliseconds = 300;
const roundMilliseconds = 100;
const rounds = 9;
const target = '<= 1.5x';

const context = {
  table: 'patients',
  column: 'ssn',
  primaryKey: '0f8fad5b-d9cb-469f-a165-70867728950e',
};

/** Measures FieldCipher against raw AES-256-GCM and returns one result per value size. */
export default async function run() {
  const keyBytes = randomBytes(32);
  const keyring = Keyring.from({
    activeKeyId: 'k-bench',
    keys: [{ id: 'k-bench', key: keyBytes, createdAt: undefined }],
    blindIndexKey: { id: 'b-bench', key: randomBytes(32), createdAt: undefined },
  });
  const cipher = new FieldCipher(keyring);
  const rawKey = createSecretKey(keyBytes);
  const rawAssociatedData = Buffer.from(`${context.table}|${context.column}|${context.primaryKey}`);

  const cases = [
    { name: 'short PHI string', value: '123-45-6789' },
    { name: '2 KB free-text note', value: makeNote(2048) },
  ];

  const results = [];
  for (const { name, value } of cases) {
    const throughCipher = () => {
      const envelope = cipher.encrypt('string', value, context);
      return cipher.decrypt('string', envelope, context);
    };
    const raw = () => rawRoundTrip(rawKey, rawAssociatedData, value);
    checkRoundTrip(throughCipher, value, name);
    checkRoundTrip(raw, value, name);

    const timing = compare(throughCipher, raw);
    results.push({
      name: `FieldCipher encrypt+decrypt, ${name}`,
      value: Math.round(1e9 / timing.candidateNanoseconds),
      unit: 'ops/s',
      baseline: {
        name: `raw AES-256-GCM createCipheriv/createDecipheriv, ${name}`,
        value: Math.round(1e9 / timing.baselineNanoseconds),
      },
      ratio: Number((timing.candidateNanoseconds / timing.baselineNanoseconds).toFixed(3)),
      target,
    });
  }
  return results;
}

/** Encrypts and decrypts with a random nonce and a small AAD: the minimum a field cipher does. */
function rawRoundTrip(key, associatedData, value) {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  cipher.setAAD(associatedData);
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();

  const decipher = createDecipheriv('aes-256-gcm', key, nonce, { authTagLength: 16 });
  decipher.setAAD(associatedData);
  decipher.setAuthTag(tag);
  const plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  return plaintext.toString('utf8');
}

function checkRoundTrip(roundTrip, value, name) {
  if (roundTrip() !== value) {
    throw new Error(`benchmark setup is wrong: ${name} did not round-trip`);
  }
}

/**
 * Runs both functions in alternating rounds after a warm-up, so that CPU frequency changes and
 * garbage collection hit both alike, and returns the median time per call of each.
 */
function compare(candidate, baseline) {
  timeFor(candidate, warmUpMilliseconds);
  timeFor(baseline, warmUpMilliseconds);

  const candidateSamples = [];
  const baselineSamples = [];
  for (let round = 0; round < rounds; round += 1) {
    candidateSamples.push(timeFor(candidate, roundMilliseconds));
    baselineSamples.push(timeFor(baseline, roundMilliseconds));
  }
  return {
    candidateNanoseconds: median(candidateSamples),
    baselineNanoseconds: median(baselineSamples),
  };
}

/** Calls `fn` repeatedly for about `milliseconds` and returns nanoseconds per call. */
function timeFor(fn, milliseconds) {
  const budget = BigInt(milliseconds) * 1_000_000n;
  const start = process.hrtime.bigint();
  let calls = 0;
  let elapsed = 0n;
  while (elapsed < budget) {
    for (let batch = 0; batch < 64; batch += 1) {
      fn();
    }
    calls += 64;
    elapsed = process.hrtime.bigint() - start;
  }
  return Number(elapsed) / calls;
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Builds a clinical-style note of `bytes` UTF-8 bytes with some non-ASCII text in it. */
function makeNote(bytes) {
  const sentence =
    'Patient reports intermittent chest pain for three days, worse on exertion; no fever. ' +
    'Médication: métoprolol 25 mg. Allergies: none known. ';
  let note = '';
  while (Buffer.byteLength(note) < bytes) {
    note += sentence;
  }
  return Buffer.from(note).subarray(0, bytes).toString('utf8').replace(/\uFFFD$/, '');
}
