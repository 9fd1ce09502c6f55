// Number, percent, date and distance formatting: zh-CN grouping (12,345 人; 85.3 %), ISO dates.
const integer = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
const oneDecimal = new Intl.NumberFormat('zh-CN', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatInteger(value: number): string {
  return integer.format(value);
}

export function formatNumber(value: number): string {
  return decimal.format(value);
}

/** `ratio` is 0..1; rendered as "85.3 %". */
export function formatPercent(ratio: number): string {
  return `${oneDecimal.format(ratio * 100)} %`;
}

/** Dates as YYYY-MM-DD whatever the input (ISO date or timestamp string). */
export function formatDate(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(value);
  if (match?.[1]) return match[1];
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function formatDistance(metres: number): string {
  return metres < 1000 ? `${integer.format(metres)} m` : `${oneDecimal.format(metres / 1000)} km`;
}
