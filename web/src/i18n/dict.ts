import type { az } from './az';

export type Key = keyof typeof az;
/** Every language must define exactly the keys of the Azerbaijani dictionary. */
export type Dict = Record<Key, string>;
