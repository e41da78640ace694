/** 0: everything imported; 1: something was rejected; 2: usage, configuration or source error. */
export const EXIT = { ok: 0, rejected: 1, usage: 2 } as const;
