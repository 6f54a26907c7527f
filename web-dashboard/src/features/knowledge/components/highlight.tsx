import { Fragment } from 'react';

/** Renders a snippet whose matched terms come in <b>…</b> as <mark>, everything else as text. */
export function Highlight({ snippet }: { snippet: string }) {
  const parts = snippet.split(/<b>(.*?)<\/b>/gs);
  return (
    <>
      {parts.map((part, i) =>
        i % 2 === 1 ? (
          <mark key={i} className="rounded bg-yellow-200 px-0.5 dark:bg-yellow-700 dark:text-white">
            {part}
          </mark>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}
