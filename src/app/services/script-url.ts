/**
 * The documents' CSP requires Trusted Types for scripts, so a script URL
 * (the service worker, the search worker) must come from a policy. This one
 * passes only this origin's own scripts: an injected string naming another
 * origin's script is refused, not loaded.
 */
interface ScriptUrlPolicy { createScriptURL(url: string): unknown }
declare const trustedTypes: { createPolicy(name: string, rules: { createScriptURL(url: string): string }): ScriptUrlPolicy } | undefined;

let policy: ScriptUrlPolicy | null = null;

export function scriptUrl(url: string): string {
  if (typeof trustedTypes === 'undefined') return url;
  policy ??= trustedTypes.createPolicy('lowband', {
    createScriptURL(raw) {
      const parsed = new URL(raw, location.href);
      if (parsed.origin !== location.origin) throw new TypeError(`refused a script from ${parsed.origin}`);
      return parsed.href;
    },
  });
  // A TrustedScriptURL, which every script sink takes where a string is typed.
  return policy.createScriptURL(url) as string;
}
