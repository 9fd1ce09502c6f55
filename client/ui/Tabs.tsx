// A row of tabs above a panel's views; a tab whose `shown` is false is left out.
export interface Tab<T extends string> {
  id: T;
  label: string;
  testId?: string;
  shown?: boolean;
}

export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
}: {
  tabs: Tab<T>[];
  value: T;
  onChange: (id: T) => void;
}) {
  return (
    <div className="ba-tabs" role="tablist">
      {tabs
        .filter((tab) => tab.shown !== false)
        .map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            aria-selected={value === tab.id}
            onClick={() => onChange(tab.id)}
            data-testid={tab.testId}
          >
            {tab.label}
          </button>
        ))}
    </div>
  );
}
