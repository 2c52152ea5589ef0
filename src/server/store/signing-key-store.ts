import { generateKeyPairSync } from 'node:crypto';
import type { PublicKeyJwk } from '../../shared/content-bundle.ts';
import type { Sql } from './sql.ts';

export interface SigningKey {
  /** PKCS#8 PEM: stays on the server. */
  privatePem: string;
  publicJwk: PublicKeyJwk;
}

/** The server's own keys: for now the one that signs modules files for kiosks with no line (shared/content-bundle.ts). */
export interface SigningKeyStore {
  /** The content key, made on first use; every instance, racing or not, reads the same one. */
  contentKey(now: number): Promise<SigningKey>;
}

export function signingKeyStore(sql: Sql): SigningKeyStore {
  const read = async () => {
    const [row] = await sql.all<{ private_pem: string; public_jwk: string }>("SELECT private_pem, public_jwk FROM signing_keys WHERE id = 'content'");
    return row ? { privatePem: row.private_pem, publicJwk: JSON.parse(row.public_jwk) as PublicKeyJwk } : null;
  };
  return {
    async contentKey(now) {
      const known = await read();
      if (known) return known;
      const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      const { kty, crv, x, y } = publicKey.export({ format: 'jwk' });
      // Two instances making one at once: the first insert wins, and both read it back.
      await sql.run('INSERT INTO signing_keys (id, private_pem, public_jwk, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
        ['content', privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, JSON.stringify({ kty, crv, x, y }), now]);
      return (await read())!;
    },
  };
}
