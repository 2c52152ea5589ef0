/** The shape every translation of a string table must have: same keys, same parameters. */
export type Translation<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : T[K] extends Record<string, string>
      ? { [S in keyof T[K]]: string }
      : string;
};
