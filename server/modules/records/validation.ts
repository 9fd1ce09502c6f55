// One validation per kind, reporting every problem at once (422), and the fields the server works
// out itself (derive: e.g. the district, town and village a facility stands in), run before it.

import { textLength } from '../../contract/text.ts';
import { LIMITS } from '../../contract/vocabularies.ts';
import type { Database } from '../../db/database.ts';
import type { ErrorDetail } from '../../errors.ts';
import { checkReason, Problems, type ValidationInput } from '../boundaries/rules.ts';
import { BOUNDARY_VALIDATORS } from '../boundaries/validation.ts';
import { FACILITY_RULES, VILLAGE_FIGURES_RULES } from '../facilities/facility.validation.ts';
import { PLACE_NAME_RULES, VANISHED_NAME_RULES } from '../place-names/place-name.validation.ts';
import { scenarioProblems } from '../scenarios/scenarios.validation.ts';
import type { KindDefinition, KindId } from './kinds.ts';
import type { RecordSnapshot } from './records.repository.ts';

export interface KindRules {
  validate: (db: Database, p: Problems, input: ValidationInput) => Promise<void>;
  /** Fills the derived fields of `candidate` (in place) from the others. */
  derive?: (
    db: Database,
    candidate: Record<string, unknown>,
    before: RecordSnapshot | undefined,
  ) => Promise<void>;
}

const RULES: Record<KindId, KindRules> = {
  'boundary-lines': { validate: BOUNDARY_VALIDATORS['boundary-lines'] },
  'boundary-markers': { validate: BOUNDARY_VALIDATORS['boundary-markers'] },
  inspections: { validate: BOUNDARY_VALIDATORS.inspections },
  disputes: { validate: BOUNDARY_VALIDATORS.disputes },
  scenarios: { validate: (db, p, input) => scenarioProblems(db, p, input.candidate) },
  facilities: FACILITY_RULES,
  'village-figures': VILLAGE_FIGURES_RULES,
  'place-names': PLACE_NAME_RULES,
  'vanished-names': VANISHED_NAME_RULES,
};

export async function deriveFields(
  db: Database,
  kind: KindDefinition,
  candidate: Record<string, unknown>,
  before: RecordSnapshot | undefined,
): Promise<void> {
  await RULES[kind.id].derive?.(db, candidate, before);
}

export async function validateRecord(db: Database, input: ValidationInput): Promise<ErrorDetail[]> {
  const p = new Problems();
  if (input.reason !== null && textLength(input.reason) > LIMITS.reasonChars)
    p.add('reason', 'too_long', { max: LIMITS.reasonChars });
  checkReason(p, input);
  await RULES[input.kind.id].validate(db, p, input);
  return p.list;
}
