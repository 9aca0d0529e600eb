import { useEffect, useRef, useState } from 'react';
import {
  ORDER_ITEM_DETAILS,
  ORDER_ITEM_TITLES,
  type OrderItemId,
  phaseOrderExercise,
} from '../../src/exercises/phaseOrder';
import { ExerciseFrame } from './ExerciseFrame';
import { useDraft } from './useDraft';
import { useExercise } from './useExercise';

type Direction = 'up' | 'down';

/**
 * Exercise 3: put one step's phases in order with Move up / Move down buttons. The focus stays on the
 * moved item's button, and a polite live region says where the item went.
 */
export function PhaseOrderExercise({ number }: { number: number }) {
  const { seed, instance, solved, feedback, grade, another } = useExercise(phaseOrderExercise);
  const [order, setOrder] = useDraft<OrderItemId[]>(seed, instance.order);
  const [moved, setMoved] = useState('');
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const pendingFocus = useRef<string | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the focus follows each new order
  useEffect(() => {
    const key = pendingFocus.current;
    pendingFocus.current = null;
    if (key) buttons.current.get(key)?.focus();
  }, [order]);

  const move = (item: OrderItemId, direction: Direction) => {
    const from = order.indexOf(item);
    const to = direction === 'up' ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) return;
    const next = [...order];
    next[from] = next[to] as OrderItemId;
    next[to] = item;
    // At either end the pressed button is disabled, so the focus goes to the other one.
    const stuck = (direction === 'up' && to === 0) || (direction === 'down' && to === order.length - 1);
    pendingFocus.current = `${item}:${stuck ? (direction === 'up' ? 'down' : 'up') : direction}`;
    setOrder(next);
    setMoved(`${ORDER_ITEM_TITLES[item]} moved to place ${to + 1} of ${order.length}.`);
  };

  return (
    <ExerciseFrame
      number={number}
      title={phaseOrderExercise.title}
      solved={solved}
      instance={instance}
      feedback={feedback}
      onCheck={() => grade(instance, order)}
      onAnother={another}
    >
      <p>
        Put the phases of one DataParallel training step in the order PyTorch runs them, and place the moment
        the updated weights reach the other GPUs.
      </p>
      <ol className="phase-order" aria-label="Phases, in your order">
        {order.map((item, i) => (
          <li key={item}>
            <span className="phase-order-text">
              <strong>{ORDER_ITEM_TITLES[item]}</strong> — {ORDER_ITEM_DETAILS[item]}
            </span>
            <span className="phase-order-buttons">
              {(['up', 'down'] as const).map((direction) => (
                <button
                  key={direction}
                  type="button"
                  ref={(element) => {
                    const key = `${item}:${direction}`;
                    if (element) buttons.current.set(key, element);
                    else buttons.current.delete(key);
                  }}
                  aria-label={`Move ${ORDER_ITEM_TITLES[item]} ${direction}`}
                  disabled={direction === 'up' ? i === 0 : i === order.length - 1}
                  onClick={() => move(item, direction)}
                >
                  {direction === 'up' ? '↑' : '↓'}
                </button>
              ))}
            </span>
          </li>
        ))}
      </ol>
      <p className="exercise-hint" aria-live="polite">
        {moved}
      </p>
    </ExerciseFrame>
  );
}
