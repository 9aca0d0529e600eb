/** Placeholder: being built. */
export function ChartsPanel() {
  return (
    <section className="panel" aria-label="Training progress">
      <h2>Training progress</h2>
    </section>
  );
}
