/** Placeholder: being built. */
export function ScalingPanel() {
  return (
    <section className="panel" aria-label="Scaling">
      <h2>Scaling</h2>
    </section>
  );
}
