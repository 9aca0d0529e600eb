/** Placeholder: being built. */
export function TutorialPanel() {
  return (
    <section className="panel" aria-label="Tutorial">
      <h2>Tutorial</h2>
    </section>
  );
}
