/**
 * One colour per logical GPU, from the Okabe–Ito palette (distinguishable with the common colour-vision
 * deficiencies). Colour never carries meaning alone: every coloured mark also has a "GPU k" label.
 */
const GPU_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#b8a600', '#7f7f7f'];

export function gpuColour(device: number): string {
  return GPU_COLOURS[device % GPU_COLOURS.length] as string;
}
