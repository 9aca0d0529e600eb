import { useState } from 'react';
import { TutorialPanel } from './TutorialPanel';

/**
 * The tutorial in its place: a column beside the stage on wide screens; on narrow ones a bottom sheet
 * that is always on screen, folded to one bar until the learner opens it (CSS picks which).
 */
export function TutorialSheet() {
  const [open, setOpen] = useState(false);
  return (
    <div className={open ? 'tutorial-sheet open' : 'tutorial-sheet'}>
      <button
        type="button"
        className="sheet-toggle"
        aria-expanded={open}
        aria-controls="tutorial-sheet-body"
        onClick={() => setOpen(!open)}
      >
        {open ? 'Hide the tutorial' : 'Tutorial'}
      </button>
      <div id="tutorial-sheet-body" className="sheet-body">
        <TutorialPanel />
      </div>
    </div>
  );
}
