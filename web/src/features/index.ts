// Every feature of the UI beyond the core pages, in menu order.
import type { Feature } from './types';
import { referral } from './referral';
import { desk } from './desk';

export const FEATURES: readonly Feature[] = [referral, desk];
