// The form pieces every record form uses: a labelled field with its error beneath, the error of
// one field, and the summary of a refused save. Errors come keyed by form field (fieldErrorsOf in
// client/api/errors.ts, or RecordDraft.fieldErrors).
import type { ReactNode } from 'react';
import { fieldErrorsOf } from '../api/errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { ErrorMessage } from './ErrorMessage.tsx';

export type FieldErrors = Record<string, string>;

/** The problems of `name` and of its parts (`parties[0].name`, `area.coordinates`). */
export function FieldError({ errors, name }: { errors: FieldErrors; name: string }) {
  const message = Object.entries(errors)
    .filter(([field]) => field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`))
    .map(([field, problem]) => (field === name ? problem : `${field}: ${problem}`))
    .join('; ');
  if (!message) return null;
  return (
    <span className="ba-error" role="alert" data-error-for={name}>
      {message}
    </span>
  );
}

/** A label, its control (whose id is `htmlFor`) and the field's error. */
export function Field({
  name,
  label,
  htmlFor,
  errors,
  className,
  children,
}: {
  name: string;
  label: ReactNode;
  htmlFor?: string;
  errors: FieldErrors;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`ba-field${className ? ` ${className}` : ''}`}>
      {htmlFor ? <label htmlFor={htmlFor}>{label}</label> : <span>{label}</span>}
      {children}
      <FieldError errors={errors} name={name} />
    </div>
  );
}

/**
 * A refused save: when the server named the fields, they are marked next to the inputs, so this
 * only says how many and lists problems with fields the form does not show; otherwise the error.
 */
export function SaveError({ error, shown }: { error: unknown; shown: (field: string) => boolean }) {
  const { language, t } = useI18n();
  const byField = fieldErrorsOf(error, language);
  const fields = Object.keys(byField);
  if (fields.length === 0) return <ErrorMessage error={error} />;
  const hidden = fields.filter((f) => !shown(f));
  return (
    <div className="error-message" role="alert" data-testid="save-error">
      <span>
        {t('form.notSaved', { n: fields.length })}
        {hidden.map((f) => ` ${f}: ${byField[f]}`).join(';')}
      </span>
    </div>
  );
}

/** The "why" of a change: required (marked *) when the change needs one. */
export function ReasonField({
  id,
  label,
  value,
  onChange,
  required,
  placeholder,
  errors,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  required: boolean;
  placeholder: string;
  errors: FieldErrors;
}) {
  return (
    <div className="ba-field">
      <label htmlFor={id}>
        {label}
        {required && <em className="ba-required"> *</em>}
      </label>
      <textarea
        id={id}
        name="reason"
        rows={2}
        value={value}
        required={required}
        aria-invalid={errors.reason ? true : undefined}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
      />
      <FieldError errors={errors} name="reason" />
    </div>
  );
}

/** "Saved" after a save, then the discard (or cancel) and save buttons of a record form. */
export function SaveActions({
  saving,
  saved,
  back,
  canSave,
  saveTestId,
}: {
  saving: boolean;
  saved: boolean;
  /** The left button: its label, when it is disabled, what it does. */
  back: { label: string; disabled: boolean; onClick: () => void };
  canSave: boolean;
  saveTestId: string;
}) {
  const { t } = useI18n();
  return (
    <>
      {saved && (
        <p className="ba-ok" role="status">
          {t('form.saved')}
        </p>
      )}
      <div className="ba-actions">
        <button type="button" className="ba-button" disabled={back.disabled || saving} onClick={back.onClick}>
          {back.label}
        </button>
        <button
          type="submit"
          className="ba-button ba-primary"
          disabled={!canSave || saving}
          data-testid={saveTestId}
        >
          {saving ? t('form.saving') : t('form.save')}
        </button>
      </div>
    </>
  );
}
