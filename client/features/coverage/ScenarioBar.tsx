// 方案: save the current coverage view as a named scenario (planners), open a saved one, copy its
// link. The link is the map's address with `scenario=ID`; whoever opens it gets the same view.
import { useEffect, useState } from 'react';
import type { Language } from '../../i18n/index.tsx';
import { ErrorMessage } from '../../ui/ErrorMessage.tsx';
import { type NetworkTextKey, networkText } from './network-text.ts';
import { sameParams } from './scenario.ts';
import { type SavedScenario, type ScenarioParams, scenariosApi } from './scenariosApi.ts';

export function ScenarioBar(props: {
  district: string;
  params: ScenarioParams | null;
  current: SavedScenario | null;
  canSave: boolean;
  signedIn: boolean;
  language: Language;
  onOpen: (scenario: SavedScenario) => void;
  onSaved: (scenario: SavedScenario) => void;
}) {
  const { district, params, current, canSave, signedIn, language, onOpen, onSaved } = props;
  const tr = (key: NetworkTextKey) => networkText(language, key);
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

  if (!signedIn) return <p className="muted cv-scenario-note">{tr('signInToSave')}</p>;
  return (
    <section className="cv-scenario" data-scenario-bar="">
      <label className="cv-inline">
        {tr('open')}
        <select
          className="cv-select"
          data-field="scenario"
          value={current?.id ?? ''}
          onChange={(e) => {
            const chosen = list.find((s) => String(s.id) === e.target.value);
            if (chosen) onOpen(chosen);
          }}
        >
          <option value="">{tr('none')}</option>
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
            aria-label={tr('scenarioName')}
            placeholder={tr('scenarioName')}
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
            {saving ? tr('saving') : current && !dirty ? tr('saved') : tr('save')}
          </button>
          {current && (
            <button
              type="button"
              className="button secondary"
              disabled={saving || !name.trim()}
              onClick={() => save(true)}
            >
              {tr('saveAs')}
            </button>
          )}
        </div>
      )}
      {current && (
        <button type="button" className="link-button" data-action="copy-link" onClick={copy}>
          {copied ? tr('copied') : tr('copyLink')}
        </button>
      )}
      {error !== undefined && <ErrorMessage error={error} />}
    </section>
  );
}
