// The kinds of record staff edit one by one through the one record mechanism
// (server/modules/records/): their ids, as the API paths /api/{kind} and the client name them.

export type KindId =
  | 'boundary-lines'
  | 'boundary-markers'
  | 'inspections'
  | 'disputes'
  | 'scenarios'
  | 'facilities'
  | 'place-names'
  | 'village-figures'
  | 'vanished-names';
