/** Placeholder: being built. */
export function ExercisesPanel() {
  return (
    <section className="panel" aria-label="Exercises">
      <h2>Exercises</h2>
    </section>
  );
}
