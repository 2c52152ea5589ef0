import type * as v from 'valibot';
import type { ConsoleUser } from '../../shared/console/access.ts';
import { HttpError } from '../api/read-body.ts';
import type { StoreSet } from '../store/stores.ts';
import type { ConsoleUserInput } from './console-schema.ts';
import { hashPassword } from './passwords.ts';

/** A new console account; used by the console's account page and by the admin token (the first account). */
export async function createConsoleUser(stores: StoreSet, input: v.InferOutput<typeof ConsoleUserInput>, now: number): Promise<ConsoleUser> {
  if (await stores.console.userForSignIn(input.email)) throw new HttpError(409, `email: an account for ${input.email} exists already.`);
  const known = new Set((await stores.sites.sites()).map((s) => s.id));
  const unknown = (input.sites ?? []).find((s) => !known.has(s));
  if (unknown) throw new HttpError(400, `sites: there is no site "${unknown}".`);
  return stores.console.createUser({ email: input.email, name: input.name, role: input.role, sites: input.sites ?? null, passwordHash: await hashPassword(input.password) }, now);
}

