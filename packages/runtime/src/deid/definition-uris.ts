// R4 `uri` elements that name a code system, a definition, a profile or a policy rather than a
// place where a person can be reached, by element name, for every owner.
const definitionNames = new Set([
  // Coding, Identifier, Quantity and its kin, ValueSet.compose.include, ...
  'system',
  'implicitRules',
  // Protocols, guidelines and definitions that a request or event follows.
  'instantiatesUri',
  'instantiates',
  'definitionUri',
  'derivedFromUri',
]);

// The same, by `Owner.name`.
const definitionPaths = new Set([
  'Extension.url',
  'Reference.type',
  'Questionnaire.item.definition',
  'QuestionnaireResponse.item.definition',
  'ClinicalImpression.protocol',
  'Consent.policy.uri',
]);

// Resources that define terminology, profiles or knowledge and never describe a person. Their
// `url` is their canonical URL, and every `uri` inside them names a definition.
const definitionalResources = new Set([
  'ActivityDefinition',
  'CapabilityStatement',
  'ChargeItemDefinition',
  'CodeSystem',
  'CompartmentDefinition',
  'ConceptMap',
  'EffectEvidenceSynthesis',
  'EventDefinition',
  'Evidence',
  'EvidenceVariable',
  'ExampleScenario',
  'GraphDefinition',
  'ImplementationGuide',
  'Library',
  'Measure',
  'MessageDefinition',
  'NamingSystem',
  'OperationDefinition',
  'PlanDefinition',
  'Questionnaire',
  'ResearchDefinition',
  'ResearchElementDefinition',
  'RiskEvidenceSynthesis',
  'SearchParameter',
  'StructureDefinition',
  'StructureMap',
  'TerminologyCapabilities',
  'TestScript',
  'ValueSet',
]);

/**
 * Tells whether a `uri` element names a definition or a system, so the default rules keep it.
 * Every other `uri` (an extension's `valueUri`, a questionnaire answer, `Device.url`) may be a
 * person's address, and is removed as a URL (45 CFR 164.514(b)(2)(i)(N)).
 */
export function isDefinitionUri(owner: string, name: string): boolean {
  if (definitionNames.has(name) || definitionPaths.has(`${owner}.${name}`)) return true;

  // ElementDefinition is a data type used by StructureDefinition only.
  const dot = owner.indexOf('.');
  const resource = dot < 0 ? owner : owner.slice(0, dot);
  return resource === 'ElementDefinition' || definitionalResources.has(resource);
}
