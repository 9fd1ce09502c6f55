// Generated or chosen: the password part of adding a user and of a reset. A chosen password is
// checked by the server's policy; its problem is shown under the field.
import { useI18n } from '../../i18n/index.tsx';

export interface PasswordChoiceValue {
  choose: boolean;
  password: string;
}

interface Props {
  /** Radio group and input name. */
  name: string;
  labels: { legend: string; generate: string; choose: string; input: string };
  /** The legend is for screen readers only (a heading above says it). */
  legendHidden?: boolean;
  value: PasswordChoiceValue;
  onChange: (value: PasswordChoiceValue) => void;
  problem?: string;
}

export function PasswordChoice({ name, labels, legendHidden, value, onChange, problem }: Props) {
  const { t } = useI18n();
  return (
    <fieldset className="adm-choice">
      <legend className={legendHidden ? 'visually-hidden' : undefined}>{labels.legend}</legend>
      <label>
        <input
          type="radio"
          name={`${name}-choice`}
          checked={!value.choose}
          onChange={() => onChange({ ...value, choose: false })}
        />
        {labels.generate}
      </label>
      <label>
        <input
          type="radio"
          name={`${name}-choice`}
          checked={value.choose}
          onChange={() => onChange({ ...value, choose: true })}
        />
        {labels.choose}
      </label>
      {value.choose && (
        <label className="ba-field">
          <span>{labels.input}</span>
          <input
            name={name}
            type="password"
            autoComplete="new-password"
            value={value.password}
            onChange={(e) => onChange({ ...value, password: e.target.value })}
          />
          <small className="adm-muted">{t('admin.passwordHint')}</small>
          {problem && <span className="ba-error">{problem}</span>}
        </label>
      )}
    </fieldset>
  );
}
