/** Where statements go: an LRS's xAPI base (statements at `${endpoint}/statements`) and the Basic credential it gave this server. */
export interface LrsEndpoint {
  endpoint: string;
  key: string;
  secret: string;
}

/** An LRS's xAPI address as typed (environment or console), normalised; or what is wrong with it, in words. */
export function parseLrsAddress(raw: string): { endpoint: string } | { problem: string } {
  const url = URL.canParse(raw.trim()) ? new URL(raw.trim()) : null;
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password) {
    return { problem: `"${raw}" is not an xAPI address such as https://lrs.example.com/xapi (statements go to its /statements)` };
  }
  return { endpoint: url.href };
}
