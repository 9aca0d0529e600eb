export declare const WEBGPU_ARGS: string[];
export declare const QUIET_ARGS: string[];
export declare function findChromium(): string | undefined;
export declare function launchOptions(options?: { webgpu?: boolean }): {
  executablePath?: string;
  args: string[];
};
