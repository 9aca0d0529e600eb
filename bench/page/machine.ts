/** The browser and WebGPU adapter the numbers were measured on, for the report's header. */
import type { MachineInfo } from './protocol';

export async function machineInfo(): Promise<MachineInfo> {
  const base = { userAgent: navigator.userAgent, hardwareConcurrency: navigator.hardwareConcurrency };
  const adapter = await navigator.gpu?.requestAdapter();
  if (!adapter) return { ...base, adapter: null, softwareGpu: false };
  const { vendor, architecture, device, description } = adapter.info;
  const text = [vendor, architecture, device, description].filter((part) => part !== '').join(' · ');
  // Chromium's CPU fallback adapter is SwiftShader; say so, since its numbers are not a real GPU's.
  const softwareGpu = adapter.info.isFallbackAdapter === true || /swiftshader/i.test(text);
  return { ...base, adapter: text, softwareGpu };
}
