// 方案: save the current coverage view as a named scenario (planners), open a saved one, copy its
// link. The link is the map's address with `scenario=ID`; whoever opens it gets the same view.
import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { sameParams } from './scenario.ts';
import { type SavedScenario, type ScenarioParams, scenariosApi } from './scenariosApi.ts';

export function ScenarioBar(props: {
  district: string;
  params: ScenarioParams | null;
  current: SavedScenario | null;
  canSave: boolean;
  signedIn: boolean;
  onOpen: (scenario: SavedScenario) => void;
  onSaved: (scenario: SavedScenario) => void;
}) {
  const { district, params, current, canSave, signedIn, onOpen, onSaved } = props;
  const { t } = useI18n();
  const [list, setList] = useState<SavedScenario[]>([]);
  const [name, setName] = useState(current?.name ?? '');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [copied, setCopied] = useState(false);

  useEffect(() => setName(current?.name ?? ''), [current?.name]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload the list when a scenario is saved.
  useEffect(() => {
    if (!signedIn) return;
    const controller = new AbortController();
    scenariosApi.list(district, controller.signal).then(setList, () => setList([]));
    return () => controller.abort();
  }, [district, signedIn, current?.id, current?.version]);

  const dirty = !current || !params || !sameParams(current.params, params) || name.trim() !== current.name;
  const save = (asNew: boolean) => {
    if (!params || !name.trim()) return;
    setSaving(true);
    setError(undefined);
    const request =
      current && !asNew
        ? scenariosApi.update(current.id, current.version, { name: name.trim(), params })
        : scenariosApi.create({ name: name.trim(), districtCode: district, params });
    request.then(onSaved, setError).finally(() => setSaving(false));
  };
  const copy = () => {
    navigator.clipboard?.writeText(window.location.href).then(
      () => setCopied(true),
      () => setCopied(false),
    );
    window.setTimeout(() => setCopied(false), 2000);
  };

  if (!signedIn) return <p className="muted cv-scenario-note">{t('coverage.signInToSave')}</p>;
  return (
    <section className="cv-scenario" data-scenario-bar="">
      <label className="cv-inline">
        {t('coverage.openScenario')}
        <select
          className="cv-select"
          data-field="scenario"
          value={current?.id ?? ''}
          onChange={(e) => {
            const chosen = list.find((s) => String(s.id) === e.target.value);
            if (chosen) onOpen(chosen);
          }}
        >
          <option value="">{t('coverage.unsavedAnalysis')}</option>
          {list.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      {canSave && (
        <div className="cv-actions">
          <input
            className="cv-name"
            aria-label={t('coverage.scenarioName')}
            placeholder={t('coverage.scenarioName')}
            data-field="scenario-name"
            maxLength={100}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button
            type="button"
            className="button"
            data-action="save-scenario"
            disabled={saving || !params || !name.trim() || !dirty}
            onClick={() => save(false)}
          >
            {saving
              ? t('coverage.saving')
              : current && !dirty
                ? t('coverage.saved')
                : t('coverage.saveScenario')}
          </button>
          {current && (
            <button
              type="button"
              className="button secondary"
              disabled={saving || !name.trim()}
              onClick={() => save(true)}
            >
              {t('coverage.saveAs')}
            </button>
          )}
        </div>
      )}
      {current && (
        <button type="button" className="link-button" data-action="copy-link" onClick={copy}>
          {copied ? t('coverage.copied') : t('coverage.copyLink')}
        </button>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </section>
  );
}
