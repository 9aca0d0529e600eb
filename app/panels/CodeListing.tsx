/** A code line with the phases it causes, for the highlighted listings of the code panels. */
export type ListedLine = { code: string; comment?: string; phases?: readonly string[] };

/** A script, one line per row, with the lines that cause `phase` marked as the current step. */
export function CodeListing({ lines, phase }: { lines: readonly ListedLine[]; phase: string | undefined }) {
  return (
    // Focusable so keyboard users can scroll long lines on narrow screens.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <pre tabIndex={0}>
      <code>
        {lines.map((line) => {
          const current = phase !== undefined && (line.phases?.includes(phase) ?? false);
          return (
            <span
              key={line.code}
              className={current ? 'code-line current' : 'code-line'}
              aria-current={current ? 'step' : undefined}
            >
              {line.code}
              {line.comment ? <span className="code-comment">{`  # ${line.comment}`}</span> : null}
              {'\n'}
            </span>
          );
        })}
      </code>
    </pre>
  );
}
