// Printable labels of a boundary marker or a place name (PNG or PDF with a QR code of its
// permalink), and the A4 sheet of every marker of a line or every name of a town.
import { useI18n } from '../../i18n/index.tsx';

export function LabelLinks({
  kind,
  id,
  lineId,
  townCode,
}: {
  kind: 'boundary-markers' | 'place-names' | 'boundary-lines';
  id: number | string;
  lineId?: number | string;
  townCode?: string | null;
}) {
  const { t } = useI18n();
  const one = kind === 'boundary-lines' ? null : `/api/labels/${kind}/${id}`;
  const sheet =
    kind === 'boundary-lines'
      ? `/api/labels/boundary-lines/${id}/markers.pdf`
      : kind === 'boundary-markers' && lineId
        ? `/api/labels/boundary-lines/${lineId}/markers.pdf`
        : kind === 'place-names' && townCode
          ? `/api/labels/towns/${townCode}/place-names.pdf`
          : null;
  return (
    <div className="label-links" data-testid="label-links">
      <span className="ba-muted">{t('records.printLabel')}：</span>
      {one && (
        <>
          <a href={`${one}.png`} target="_blank" rel="noopener" data-label="png">
            {t('records.labelPng')}
          </a>{' '}
          <a href={`${one}.pdf`} target="_blank" rel="noopener" data-label="pdf">
            {t('records.labelPdf')}
          </a>{' '}
        </>
      )}
      {sheet && (
        <a href={sheet} target="_blank" rel="noopener" data-label="sheet">
          {kind === 'place-names' ? t('records.townSheet') : t('records.lineSheet')}
        </a>
      )}
    </div>
  );
}
