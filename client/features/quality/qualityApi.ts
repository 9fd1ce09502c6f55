// GET /api/quality: the data-quality report of a district (staff). Types from the server's TypeBox
// schemas (type-only import: nothing of the server is bundled).
import type { QualityProblem, QualityReport } from '../../../server/contract/quality.schemas.ts';
import { getJson } from '../../api/client.ts';

export type { QualityProblem, QualityReport };

export const fetchQuality = (district: string, signal?: AbortSignal) =>
  getJson<QualityReport>(`/api/quality?district=${encodeURIComponent(district)}`, signal);
