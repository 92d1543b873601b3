// Runs the telehealth API for local development on http://127.0.0.1:3000 (PORT to change it),
// with the SQLite database in data/telehealth.db and the keyring in .hspec/keyring.json. Plain
// HTTP is accepted from loopback addresses only because NODE_ENV is development; anywhere else
// the spec's transport.requireTls refuses it.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { createKeyringFile, FileKeyProvider, Keyring } from '@hspec/runtime';

import { createTelehealthApp } from './service/create-app.js';
import { openService } from './service/open-service.js';
import { UserDirectory } from './service/user-directory.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const keyringPath = `${root}.hspec/keyring.json`;
if (!existsSync(keyringPath)) await createKeyringFile(keyringPath);

mkdirSync(`${root}data`, { recursive: true });
const service = openService(`${root}data/telehealth.db`, await Keyring.load(new FileKeyProvider(keyringPath)));

// Accounts come from the environment so that no password sits in the repository.
const users = new UserDirectory();
const clinicId = process.env['TELEHEALTH_CLINIC_ID'];
const password = process.env['TELEHEALTH_DEMO_PASSWORD'];
if (clinicId !== undefined && password !== undefined) {
  const userId = process.env['TELEHEALTH_CLINICIAN_ID'] ?? randomUUID();
  await users.add('clinician', password, { userId, role: 'clinician', organizationId: clinicId });
}

const app = createTelehealthApp({
  ...service,
  users,
  allowLocalDevelopment: process.env['NODE_ENV'] === 'development',
});
const port = Number(process.env['PORT'] ?? 3000);
app.listen(port, '127.0.0.1', () => {
  process.stdout.write(`telehealth API listening on http://127.0.0.1:${port}\n`);
});
