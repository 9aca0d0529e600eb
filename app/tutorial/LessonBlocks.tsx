import { useStore } from '../store/store';
import type { Block, LessonText } from './lessonTypes';
import { RichText } from './RichText';

function LiveText({ text }: { text: (state: Parameters<Exclude<LessonText, string>>[0]) => string }) {
  const value = useStore(text);
  return value === '' ? null : (
    <p>
      <RichText text={value} />
    </p>
  );
}

/** A lesson's paragraphs, code and lists; text that quotes the stage follows it live. */
export function LessonBlocks({ blocks }: { blocks: readonly Block[] }) {
  return (
    <>
      {blocks.map((block, i) => {
        const key = `${block.kind}-${i}`;
        if (block.kind === 'code') {
          return (
            <pre key={key} className="tutorial-code">
              <code>{block.code}</code>
            </pre>
          );
        }
        if (block.kind === 'list') {
          return (
            <ul key={key}>
              {block.items.map((item) => (
                <li key={item}>
                  <RichText text={item} />
                </li>
              ))}
            </ul>
          );
        }
        const { text } = block;
        return typeof text === 'string' ? (
          <p key={key}>
            <RichText text={text} />
          </p>
        ) : (
          <LiveText key={key} text={text} />
        );
      })}
    </>
  );
}
