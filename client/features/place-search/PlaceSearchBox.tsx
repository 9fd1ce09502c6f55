// The place-name search box in the top bar: instant suggestions while typing (debounced;
// nothing is sent while an IME composition is in progress), category chips, arrow keys to move,
// Enter to choose. Choosing a result opens its permalink `#/place/{id}`: the shell flies there,
// highlights it on the map and opens its card.
import { useEffect, useId, useRef, useState } from 'react';
import { terms } from '../../../server/contract/vocabularies.ts';
import { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { type PlaceSearchResult, placeHash, searchPlaceNames } from './api.ts';
import { Highlighted } from './Highlighted.tsx';
import './place-search.css';

export const SEARCH_INPUT_ID = 'global-search';
const DEBOUNCE_MS = 150;

/** Category filters; '' is all categories. */
const CHIPS = terms([
  ['', '全部', 'All'],
  ['admin_region', '行政区域', 'Admin areas'],
  ['autonomous_org', '村（社区）', 'Villages'],
  ['settlement', '居民点', 'Settlements'],
  ['water_system', '水系', 'Rivers'],
  ['terrain', '山体', 'Landforms'],
  ['memorial_tourism', '景点', 'Sights'],
  ['transport', '交通', 'Transport'],
]);

interface Props {
  district?: string;
}

export function PlaceSearchBox({ district }: Props) {
  const { pick, t, language } = useI18n();
  const listId = useId();
  const [text, setText] = useState('');
  const [query, setQuery] = useState(''); // what was last sent (settled text, never mid-composition)
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [results, setResults] = useState<PlaceSearchResult[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const composing = useRef(false);
  // Bumped when a composition ends, so the committed text is searched even if it equals `text`.
  const [settled, setSettled] = useState(0);
  const boxRef = useRef<HTMLDivElement>(null);

  // Debounce settled text into the query that is searched.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `settled` re-runs it when a composition ends
  useEffect(() => {
    if (composing.current) return;
    const timer = window.setTimeout(() => setQuery(text.trim()), DEBOUNCE_MS);
    return () => window.clearTimeout(timer);
  }, [text, settled]);

  useEffect(() => {
    if (query === '') {
      setResults([]);
      setError(null);
      return;
    }
    const controller = new AbortController();
    setBusy(true);
    // Every district, the one on screen first (a name of 渝北 is found from 大足 too).
    searchPlaceNames({ q: query, prefer: district, category }, controller.signal)
      .then((found) => {
        setResults(found);
        setActive(found.length > 0 ? 0 : -1);
        setError(null);
        setBusy(false);
      })
      .catch((e: unknown) => {
        if (e instanceof DOMException && e.name === 'AbortError') return;
        setBusy(false);
        setResults([]);
        setError(
          e instanceof ApiError && e.status === 400 ? e.message : t('placeSearch.searchIsUnavailableTry'),
        );
      });
    return () => controller.abort();
  }, [query, district, category, t]);

  // Close when focus or a click goes elsewhere.
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (boxRef.current && !boxRef.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, []);

  const choose = (result: PlaceSearchResult) => {
    setOpen(false);
    window.location.hash = placeHash(result.id);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.nativeEvent.isComposing || composing.current) return; // keys belong to the IME
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (results.length === 0 ? -1 : (i + 1) % results.length));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((i) => (results.length === 0 ? -1 : (i - 1 + results.length) % results.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const chosen = results[active] ?? results[0];
      if (chosen && query === text.trim()) choose(chosen);
    } else if (event.key === 'Escape') {
      setOpen(false);
    }
  };

  const activeId = active >= 0 && results[active] ? `${listId}-${active}` : undefined;
  const showPopover = open && text.trim() !== '';

  return (
    <div className="search-box place-search" ref={boxRef}>
      <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true">
        <path
          d="M10 3a7 7 0 0 1 5.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1 1 10 3Zm0 2a5 5 0 1 0 0 10 5 5 0 0 0 0-10Z"
          fill="currentColor"
        />
      </svg>
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        maxLength={100}
        placeholder={t('placeSearch.placeNamesHanziPinyin')}
        aria-label={t('placeSearch.searchPlaceNames')}
        aria-expanded={showPopover}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
        }}
        onCompositionStart={() => {
          composing.current = true;
        }}
        onCompositionEnd={(event) => {
          composing.current = false;
          setText(event.currentTarget.value);
          setSettled((n) => n + 1); // re-runs the debounce with the committed text
        }}
        onFocus={() => setOpen(true)}
        onKeyDown={onKeyDown}
      />
      {busy && <span className="place-search-spinner" aria-hidden="true" />}
      <kbd>/</kbd>
      {showPopover && (
        <div className="popover place-search-popover">
          {/* biome-ignore lint/a11y/useSemanticElements: a row of toggle buttons, not a form fieldset */}
          <div className="chips" role="group" aria-label={t('placeSearch.filterByCategory')}>
            {CHIPS.map((chip) => (
              <button
                key={chip.code || 'all'}
                type="button"
                className="chip"
                aria-pressed={(chip.code || undefined) === category}
                onClick={() => setCategory(chip.code || undefined)}
              >
                {pick(chip.zh, chip.en)}
              </button>
            ))}
          </div>
          {error && (
            <p className="place-search-message error-text" role="alert">
              {error}
            </p>
          )}
          {!error && query !== '' && !busy && results.length === 0 && (
            <p className="place-search-message muted" role="status">
              {t('placeSearch.noMatchingPlaceName')}
            </p>
          )}
          {/* WAI-ARIA combobox pattern: focus stays in the input, which moves aria-activedescendant
              through these options with the arrow keys; a click chooses with the pointer. */}
          {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: listbox of the combobox pattern */}
          <ul className="result-list place-search-results" id={listId} role="listbox">
            {results.map((r, index) => (
              // biome-ignore lint/a11y/useKeyWithClickEvents: keys are handled by the combobox input
              // biome-ignore lint/a11y/useFocusableInteractive: options are reached through aria-activedescendant
              <li
                key={r.id}
                id={`${listId}-${index}`}
                // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: option of the combobox pattern
                role="option"
                aria-selected={index === active}
                className={index === active ? 'is-active' : undefined}
                data-place-id={r.id}
                onPointerDown={(event) => event.preventDefault()}
                onClick={() => choose(r)}
                onMouseEnter={() => setActive(index)}
              >
                <span className={`result-name ${r.isHistorical ? 'historical-name' : ''}`}>
                  {/* English: the name in pinyin (the Hanzi follows in the line below). */}
                  {language === 'en' || r.matchedField === 'formerName' || r.matchedField === 'alias' ? (
                    language === 'en' ? (
                      r.pinyin
                    ) : (
                      r.name
                    )
                  ) : (
                    <Highlighted highlight={r.highlight} />
                  )}
                  {r.isHistorical && (
                    <span className="badge badge-historical">{t('placeSearch.historical')}</span>
                  )}
                </span>
                {(r.matchedField === 'formerName' || r.matchedField === 'alias') && (
                  <span className="result-meta">
                    {r.matchedField === 'formerName' ? t('placeSearch.formerly') : t('placeSearch.also')}
                    <Highlighted highlight={r.highlight} />
                  </span>
                )}
                <span className="result-meta">
                  {[
                    language === 'en' ? r.name : r.pinyin,
                    r.categoryName,
                    r.district.code === district ? null : r.district.name,
                    language === 'en' ? r.townPinyin : r.townName,
                    t(`placeSearch.match_${r.matchKind}`),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
