// Shared request and response pieces used by several modules: the district code, the error body.
import { Type } from 'typebox';

export const DistrictCode = Type.String({
  pattern: '^[0-9]{6}$',
  description: '6-digit district code, e.g. 500111',
});

export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});
