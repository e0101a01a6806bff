import type { ReactNode } from 'react';

/**
 * A card holding one table of the dashboard's lists: the column headings, then an unlabelled
 * column for the row's buttons when `actions` is set (named for screen readers), and the rows.
 */
export function TableCard({ className, testId, columns, actions = false, children }: { className?: string; testId: string; columns: readonly ReactNode[]; actions?: boolean; children: ReactNode }) {
  return (
    <div className="card table-card">
      <table className={className === undefined ? 'services' : `services ${className}`} data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column, index) => (
              <th scope="col" key={index}>
                {column}
              </th>
            ))}
            {actions ? (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
