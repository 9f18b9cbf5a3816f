// This feature's pages and menu entries, as the app shell sees them.
import type { Feature } from '../types';

export const referral: Feature = {
  page: () => null,
  nav: [],
};
