// Copies the repository's specs/ folder (JSON Schemas and HIPAA catalogs) into this package
// before it is packed, so that a published @hspec/generators finds them beside its dist/.
import { cp, rm } from 'node:fs/promises';

const source = new URL('../../../specs/', import.meta.url);
const target = new URL('../specs/', import.meta.url);

await rm(target, { recursive: true, force: true });
await cp(source, target, { recursive: true });
