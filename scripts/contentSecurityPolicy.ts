import type { Plugin } from 'vite';

/**
 * The built page's Content-Security-Policy. Everything comes from the page's own origin: scripts (no
 * inline script, no eval), the training worker, the digits it fetches, the styles. React sets `style`
 * props through the CSSOM, which CSP does not restrict, so styles need no 'unsafe-inline'. `data:` and
 * `blob:` images are the digit thumbnails the stage draws on a canvas. A <meta> policy cannot set
 * frame-ancestors; a server that can send headers should add it.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Puts the policy first in the built page's <head>. Only in builds: the dev server injects an inline
 * script (React's hot-reload preamble) and talks to the page over a WebSocket.
 */
export function contentSecurityPolicy(): Plugin {
  return {
    name: 'content-security-policy',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
          injectTo: 'head-prepend',
        },
      ],
    },
  };
}
