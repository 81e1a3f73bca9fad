// The dashboards' typed t(): their own dictionaries, loaded with the dashboard chunks only.
import { makeUseT } from '../i18n';
import { id } from './i18n/id';
import { en } from './i18n/en';

export const useDashboardT = makeUseT({ id, en });
export type DashKey = keyof typeof id;
export type DashT = ReturnType<typeof useDashboardT>;
