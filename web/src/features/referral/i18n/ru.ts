import type { az } from './az';

export const ru: Record<keyof typeof az, string> = {
};
