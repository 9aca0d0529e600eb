/**
 * One colour per logical GPU, from the Okabe–Ito palette (distinguishable with the common colour-vision
 * deficiencies). Colour never carries meaning alone: every coloured mark also has a "GPU k" label.
 */
const GPU_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#b8a600', '#7f7f7f'];

export function gpuColour(device: number): string {
  return GPU_COLOURS[device % GPU_COLOURS.length] as string;
}

function luminance(hex: string): number {
  const channel = (offset: number) => {
    const value = Number.parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** Text drawn on a GPU's colour: black or white, whichever contrasts more (WCAG relative luminance). */
export function textOnGpuColour(device: number): string {
  const background = luminance(gpuColour(device));
  // Contrast with white is 1.05 / (L + 0.05); with black (L + 0.05) / 0.05.
  return 1.05 / (background + 0.05) >= (background + 0.05) / 0.05 ? '#fff' : '#111';
}
