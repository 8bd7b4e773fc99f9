import type { ReactNode } from 'react';

export interface DetailItem {
  readonly term: string;
  readonly value: ReactNode;
}

/** Term / value pairs in two dense columns. */
export function DetailList({ items }: { readonly items: readonly DetailItem[] }) {
  return (
    <dl className="vg-details">
      {items.map((item) => (
        <div key={item.term} className="vg-details__row">
          <dt>{item.term}</dt>
          <dd>{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
