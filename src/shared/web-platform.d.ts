/**
 * The few Web platform APIs shared code may use: the ones that browsers, the
 * service worker, the search worker and Node 20 all provide as globals. Shared
 * code is otherwise pure ECMAScript; anything beyond this list belongs in a
 * runtime's own folder. Declared by hand (not lib "DOM") so that `document`
 * or `localStorage` in src/shared fails the type check.
 */
type BufferSource = ArrayBufferView | ArrayBuffer;

interface CryptoKey {
  readonly type: string;
}

type KeyAlgorithm = string | { name: string; hash?: string };

interface SubtleCrypto {
  importKey(format: 'raw', keyData: BufferSource, algorithm: KeyAlgorithm, extractable: boolean, usages: string[]): Promise<CryptoKey>;
  importKey(format: 'jwk', keyData: { kty: string; crv: string; x: string; y: string }, algorithm: { name: 'ECDSA'; namedCurve: string }, extractable: boolean, usages: string[]): Promise<CryptoKey>;
  deriveBits(algorithm: { name: 'PBKDF2'; hash: string; salt: BufferSource; iterations: number }, key: CryptoKey, length: number): Promise<ArrayBuffer>;
  sign(algorithm: string, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
  verify(algorithm: string | { name: 'ECDSA'; hash: string }, key: CryptoKey, signature: BufferSource, data: BufferSource): Promise<boolean>;
  digest(algorithm: string, data: BufferSource): Promise<ArrayBuffer>;
  deriveKey(
    algorithm: { name: 'HKDF'; hash: string; salt: BufferSource; info: BufferSource } | { name: 'PBKDF2'; hash: string; salt: BufferSource; iterations: number }, baseKey: CryptoKey,
    derivedKeyType: { name: 'AES-GCM'; length: number } | { name: 'HMAC'; hash: string; length: number }, extractable: boolean, usages: string[],
  ): Promise<CryptoKey>;
  encrypt(algorithm: { name: 'AES-GCM'; iv: BufferSource; additionalData: BufferSource }, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
  decrypt(algorithm: { name: 'AES-GCM'; iv: BufferSource; additionalData: BufferSource }, key: CryptoKey, data: BufferSource): Promise<ArrayBuffer>;
}

declare const crypto: {
  readonly subtle: SubtleCrypto;
  getRandomValues<T extends ArrayBufferView>(array: T): T;
};

declare class TextEncoder {
  encode(input?: string): Uint8Array<ArrayBuffer>;
}

declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: BufferSource): string;
}

declare function atob(data: string): string;
declare function btoa(data: string): string;
