// Command-line options of `node bench/run.mjs`.
import { parseArgs } from 'node:util';

const USAGE = `usage: node bench/run.mjs [--json] [--runs N] [--quick] [--engines a,b] [--configs toy,digits]
  --json      one JSON object per table row on stdout (progress goes to stderr)
  --runs N    fresh pages per engine × config (default 5; 2 with --quick)
  --quick     fewer runs and steps, for trying the harness out
  --engines   only these engines (ours-webgpu, ours-cpu, tfjs-webgpu, tfjs-webgl, tfjs-cpu)
  --configs   only these configs (toy, digits)
  --no-build  serve the last build (node_modules/.cache/bench-dist) instead of building it first
  --interaction-only  only the interaction section (the built page: load, slider moves, a step=2000 link)
  --no-interaction    skip the interaction section`;

export const ENGINES = ['ours-webgpu', 'ours-cpu', 'tfjs-webgpu', 'tfjs-webgl', 'tfjs-cpu'];
export const CONFIGS = ['toy', 'digits'];

function listOption(value, allowed, name) {
  if (value === undefined) return allowed;
  const picked = value.split(',').filter((item) => item !== '');
  const unknown = picked.filter((item) => !allowed.includes(item));
  if (unknown.length > 0 || picked.length === 0) {
    throw new Error(`--${name} takes a comma list of ${allowed.join(', ')}; got "${value}"`);
  }
  return picked;
}

/** The parsed options, or throws with the usage text. */
export function benchOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean', default: false },
        runs: { type: 'string' },
        quick: { type: 'boolean', default: false },
        engines: { type: 'string' },
        configs: { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        'interaction-only': { type: 'boolean', default: false },
        'no-interaction': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new Error(`${error.message}\n${USAGE}`);
  }
  if (values.help) return { help: USAGE };
  const runs = values.runs === undefined ? (values.quick ? 2 : 5) : Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a positive integer\n${USAGE}`);
  return {
    json: values.json,
    runs,
    build: !values['no-build'],
    interaction: !values['no-interaction'],
    interactionOnly: values['interaction-only'],
    engines: listOption(values.engines, ENGINES, 'engines'),
    configs: listOption(values.configs, CONFIGS, 'configs'),
    // The same step counts for every engine, so their final losses are comparable. TF.js on the
    // software GPU needs ~80 ms a step, which is what keeps these counts modest.
    steps: values.quick
      ? { warmSteps: 5, timedSteps: 10, readbackSteps: 5 }
      : { warmSteps: 10, timedSteps: 30, readbackSteps: 10 },
  };
}
