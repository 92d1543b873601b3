// Access decisions: hspec's decide() against CASL 6 (createMongoAbility, can and
// permittedFieldsOf) on the example telehealth policy, measured in the same process. Each
// decision also produces the list of fields the request may read. Run `pnpm build` first. This
// module prints nothing and returns its results from `run()`.
import { createMongoAbility, subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';

import { compilePolicy, loadProject } from '../packages/generators/dist/index.js';
import { decide } from '../packages/runtime/dist/index.js';

const warmUpMilliseconds = 300;
const roundMilliseconds = 100;
const rounds = 9;
const target = '>= 5x';
const model = 'Patient';
const exampleProject = new URL('../examples/telehealth/', import.meta.url).pathname;

// The requests: a user of patient p-1 in organization o-1, in each role, with a purpose of use
// that the role's grants admit.
const requests = [
  { role: 'nurse', purposeOfUse: 'TREAT' },
  { role: 'clinician', purposeOfUse: 'TREAT' },
  { role: 'patient', purposeOfUse: 'PATRQT' },
  { role: 'scheduler', purposeOfUse: 'HOPERAT' },
].map(({ role, purposeOfUse }) => ({
  subject: { userId: `u-${role}`, role, patientId: 'p-1', organizationId: 'o-1' },
  purposeOfUse,
}));

// The records: the user's own, another patient's in the same organization, and one in another
// organization.
const records = [
  { patientId: 'p-1', organizationId: 'o-1' },
  { patientId: 'p-2', organizationId: 'o-1' },
  { patientId: 'p-3', organizationId: 'o-2' },
];

/** Measures decide() against CASL on a mix of roles and records, both computing field lists. */
export default async function run() {
  const loaded = await loadProject(exampleProject);
  if (!loaded.ok) {
    throw new Error(`benchmark setup is wrong: ${exampleProject} does not load`);
  }
  const policy = compilePolicy(loaded.ir);
  const allFields = policy.models[model].fields;

  const cases = requests.flatMap((request) =>
    records.map((record) => ({
      request,
      record,
      ability: abilityFor(policy, request),
      caslRecord: subject(model, { ...record }),
    })),
  );
  checkAgreement(policy, cases, allFields);

  let next = 0;
  const throughDecide = () => {
    const item = cases[next];
    next = next + 1 === cases.length ? 0 : next + 1;
    const decision = decide(policy, item.request, 'read', model, item.record);
    return decision.allowed ? decision.fields.length : 0;
  };
  const throughCasl = () => {
    const item = cases[next];
    next = next + 1 === cases.length ? 0 : next + 1;
    const target = subject(model, item.caslRecord);
    if (!item.ability.can('read', target)) return 0;
    const fields = permittedFieldsOf(item.ability, 'read', target, {
      fieldsFrom: (rule) => rule.fields || allFields,
    });
    return fields.length;
  };

  const timing = compare(throughDecide, throughCasl);
  const allowed = cases.filter((item) => decideCase(policy, item).allowed).length;
  return [
    {
      name: `decide read ${model} with fields, ${requests.length} roles x ${records.length} rows`,
      value: Math.round(1e9 / timing.candidateNanoseconds),
      unit: 'decisions/s',
      baseline: {
        name: 'CASL 6 can + permittedFieldsOf, one ability per role built beforehand',
        value: Math.round(1e9 / timing.baselineNanoseconds),
      },
      ratio: Number((timing.baselineNanoseconds / timing.candidateNanoseconds).toFixed(2)),
      ratioLabel: 'hspec decisions/s over CASL; higher is better',
      target,
      detail: `${allowed} of ${cases.length} cases allowed`,
    },
  ];
}

function decideCase(policy, item) {
  return decide(policy, item.request, 'read', model, item.record);
}

/**
 * Builds the CASL ability equivalent to one role and purpose of use: a rule per normal read or
 * write grant that admits the purpose, with the grant's fields, and the grant's scope as a
 * condition on the record's links. CASL has no purposes of use, so they are applied here.
 */
function abilityFor(policy, request) {
  const { role, organizationId, patientId } = request.subject;
  const rules = [];
  for (const [modelName, byAction] of Object.entries(policy.roles[role].grants)) {
    for (const [action, grants] of Object.entries(byAction)) {
      for (const grant of grants) {
        if (grant.emergency) continue;
        if (grant.purposes !== null && !grant.purposes.includes(request.purposeOfUse)) continue;
        const rule = { action, subject: modelName, fields: [...grant.fields] };
        if (grant.scope === 'organization') rule.conditions = { organizationId };
        if (grant.scope === 'self') rule.conditions = { patientId };
        rules.push(rule);
      }
    }
  }
  return createMongoAbility(rules);
}

/** Throws when the two implementations disagree on a case, so that the timing compares alike. */
function checkAgreement(policy, cases, allFields) {
  for (const item of cases) {
    const decision = decideCase(policy, item);
    const target = subject(model, item.caslRecord);
    const allowed = item.ability.can('read', target);
    const fields = allowed
      ? permittedFieldsOf(item.ability, 'read', target, {
          fieldsFrom: (rule) => rule.fields || allFields,
        })
      : [];
    const same =
      allowed === decision.allowed &&
      [...fields].sort().join() === [...decision.fields].sort().join();
    if (!same) {
      const role = item.request.subject.role;
      const record = JSON.stringify(item.record);
      throw new Error(`benchmark setup is wrong: hspec and CASL disagree for ${role} on ${record}`);
    }
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
  let sink = 0;
  while (elapsed < budget) {
    for (let batch = 0; batch < 64; batch += 1) {
      sink += fn();
    }
    calls += 64;
    elapsed = process.hrtime.bigint() - start;
  }
  if (sink < 0) throw new Error('unreachable: field counts are never negative');
  return Number(elapsed) / calls;
}

function median(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
