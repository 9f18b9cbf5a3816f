import type { az } from './az';

export const en: Record<keyof typeof az, string> = {
};
