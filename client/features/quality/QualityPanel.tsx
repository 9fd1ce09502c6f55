// The 数据质量 panel, opened from the 数据 menu by signed-in staff: runs GET /api/quality for the
// current district and lists the report (QualityReportView). It takes the mode panel's place — the
// left panel on desktop, a bottom sheet on a phone — until closed; on a phone the sheet folds to its
// peek height when a problem is shown so the map can be seen.
import { useState } from 'react';
import { createPortal } from 'react-dom';
import { useApi } from '../../app/useApi.ts';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { type SheetHeight, SidePanel } from '../../ui/SidePanel.tsx';
import { PHONE_QUERY, useMediaQuery } from '../../ui/useMediaQuery.ts';
import { useAuth } from '../auth/auth.tsx';
import { QualityReportView } from './QualityReportView.tsx';
import { fetchQuality } from './qualityApi.ts';
import { CHECK_NAMES } from './text.ts';
import './quality.css';
import { SignInLink } from '../auth/SignInLink.tsx';

interface Props {
  districtCode: string | undefined;
  districtName: string | undefined;
  onClose: () => void;
}

export function QualityPanel({ districtCode, districtName, onClose }: Props) {
  const { language, t } = useI18n();
  const auth = useAuth();
  const phone = useMediaQuery(PHONE_QUERY);
  const [sheet, setSheet] = useState<SheetHeight>('half');
  const [shown, setShown] = useState<string | null>(null);
  const signedIn = auth.user !== null;
  const report = useApi(districtCode && signedIn ? (signal) => fetchQuality(districtCode, signal) : null, [
    districtCode,
    signedIn,
  ]);

  const title = `${t('quality.title')} · ${districtName ?? ''}`;
  const panel = (
    <div className="qa-dock">
      <SidePanel
        phone={phone}
        height={sheet}
        onHeightChange={setSheet}
        title={shown && sheet === 'peek' ? `${t('quality.title')} · ${shown}` : title}
      >
        <div className="qa-panel" data-testid="quality-panel" aria-busy={report.loading}>
          <div className="qa-top">
            <h2 className="panel-title">{title}</h2>
            <button
              type="button"
              className="icon-button qa-close"
              onClick={onClose}
              aria-label={t('quality.close')}
              title={t('quality.close')}
              data-testid="quality-close"
            >
              ×
            </button>
            {signedIn && (
              <>
                <span className="muted qa-status" role="status">
                  {report.loading
                    ? t('quality.checking')
                    : report.data
                      ? t('quality.checkedIn', {
                          time: new Date(report.data.checkedAt).toLocaleTimeString(
                            language === 'zh' ? 'zh-CN' : 'en-GB',
                          ),
                          ms: report.data.durationMs,
                        })
                      : ''}
                </span>
                <button
                  type="button"
                  className="button secondary qa-recheck"
                  disabled={report.loading}
                  onClick={report.retry}
                  data-testid="quality-recheck"
                >
                  {t('quality.recheck')}
                </button>
              </>
            )}
          </div>
          {!signedIn ? (
            <p>
              {t('quality.needsStaff')} <SignInLink />
            </p>
          ) : (
            <>
              {report.error !== undefined && <ErrorMessage error={report.error} onRetry={report.retry} />}
              {report.data && (
                <QualityReportView
                  report={report.data}
                  onShow={(problem) => {
                    setShown(CHECK_NAMES[problem.check][language]);
                    if (phone) setSheet('peek');
                  }}
                />
              )}
            </>
          )}
        </div>
      </SidePanel>
    </div>
  );
  return createPortal(panel, document.querySelector('.stage') ?? document.body);
}
