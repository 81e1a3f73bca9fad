// The staff workspace's typed t(): its own dictionaries, so their strings load with this chunk only.
import { makeUseT } from '../i18n';
import { id } from './i18n/id';
import { en } from './i18n/en';

export const useStaffT = makeUseT({ id, en });
export type StaffKey = keyof typeof id;
export type StaffT = ReturnType<typeof useStaffT>;
