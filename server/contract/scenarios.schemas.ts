// A saved coverage scenario: the parameters of POST /api/coverage that reproduce a view exactly
// (everything but the district, which the scenario names once).
import { type Static, Type } from 'typebox';
import { DistrictCode } from './common.ts';
import { selectionFields } from './coverage.schemas.ts';

const { district: _district, ...params } = selectionFields;

export const ScenarioParams = Type.Object(params, { additionalProperties: false });
export type ScenarioParams = Static<typeof ScenarioParams>;

const Name = Type.String({ minLength: 1, maxLength: 100 });
const Note = Type.Union([Type.String({ maxLength: 2000 }), Type.Null()]);

export const ScenarioCreate = Type.Object(
  {
    name: Name,
    districtCode: DistrictCode,
    params: ScenarioParams,
    note: Type.Optional(Note),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const ScenarioPatch = Type.Object(
  {
    name: Type.Optional(Name),
    params: Type.Optional(ScenarioParams),
    note: Type.Optional(Note),
    reason: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const Scenario = Type.Object({
  id: Type.Integer(),
  version: Type.Integer(),
  name: Type.String(),
  districtCode: Type.String(),
  params: ScenarioParams,
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  deletedAt: Type.Union([Type.String(), Type.Null()]),
  createdBy: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  updatedBy: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
