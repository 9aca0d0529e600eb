import { useStore } from './store/store';

/** Repaired links, fallbacks and recovered errors, each dismissible. */
export function Notices() {
  const notices = useStore((state) => state.notices);
  const dismiss = useStore((state) => state.dismissNotice);
  if (notices.length === 0) return null;
  return (
    <section className="notices" aria-label="Notices">
      {notices.map((notice) => (
        <p key={notice.id} className="notice" role="alert">
          <span>{notice.text}</span>
          <button type="button" onClick={() => dismiss(notice.id)} aria-label="Dismiss notice">
            ×
          </button>
        </p>
      ))}
    </section>
  );
}
