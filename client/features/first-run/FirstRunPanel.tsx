// Shown instead of the mode's panel while the database holds no district (an install started with
// DEMO_DATA=off): what to do first, with the commands to type and buttons into the import dialog.
import { useI18n } from '../../i18n/index.tsx';
import { useAuth } from '../auth/auth.tsx';
import { openImportDialog } from '../import-export/importLauncher.ts';
import { IMPORT_STEPS, pair } from './text.ts';
import './first-run.css';
import { SignInLink } from '../auth/SignInLink.tsx';

const USER_ADD_COMMAND = 'npm run user:add -- --username admin --role admin';
const BACKUP_COMMAND = 'npm run db:backup';

interface Props {
  /** Loads the district list again (after the outline was imported). */
  onReload: () => void;
}

function Command({ text }: { text: string }) {
  return (
    <pre className="fr-command">
      <code>{text}</code>
    </pre>
  );
}

export function FirstRunPanel({ onReload }: Props) {
  const { language, t } = useI18n();
  const auth = useAuth();
  return (
    <div className="mode-panel first-run" data-testid="first-run">
      <h2 className="panel-title">{t('firstRun.heading')}</h2>
      <p className="fr-intro">{t('firstRun.intro')}</p>
      <ol className="fr-steps">
        <li>
          <h3>{t('firstRun.step1')}</h3>
          <p>{t('firstRun.step1Text')}</p>
          <Command text={USER_ADD_COMMAND} />
        </li>
        <li>
          <h3>{t('firstRun.step2')}</h3>
          {auth.user ? (
            <p data-testid="first-run-signed-in">
              {t('firstRun.signedInAs')}
              <strong>{auth.user.displayName}</strong>
            </p>
          ) : (
            <>
              <p>{t('firstRun.step2Text')}</p>
              <SignInLink className="button" testId="first-run-sign-in" />
            </>
          )}
        </li>
        <li>
          <h3>{t('firstRun.step3')}</h3>
          <p>{t('firstRun.step3Text')}</p>
          <ol className="fr-imports">
            {IMPORT_STEPS.map((step) => (
              <li key={step.collection} className="fr-import">
                <span className="fr-import-name">
                  {pair(language, step.name)}
                  {step.note && <small>{pair(language, step.note)}</small>}
                </span>
                <button
                  type="button"
                  className={`button ${step.collection === 'districts' ? '' : 'secondary'}`}
                  onClick={() => openImportDialog(step.collection)}
                  data-testid={`first-run-import-${step.collection}`}
                >
                  {t('firstRun.import')}
                </button>
              </li>
            ))}
          </ol>
          <p className="muted">{t('firstRun.formats')}</p>
          <button type="button" className="link-button fr-reload" onClick={onReload}>
            {t('firstRun.reload')}
          </button>
        </li>
        <li>
          <h3>{t('firstRun.step4')}</h3>
          <Command text={BACKUP_COMMAND} />
          <p className="muted">{t('firstRun.step4Text')}</p>
        </li>
      </ol>
      <p className="muted fr-readme">{t('firstRun.readme')}</p>
    </div>
  );
}
