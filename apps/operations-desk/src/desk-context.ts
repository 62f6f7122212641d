import { createContext, useContext } from 'react';
import type { DeskApi } from './api';
import type { Route } from './useRoute';

export interface DeskContextValue {
  api: DeskApi;
  roles: readonly string[];
  user: string;
  go(route: Route): void;
}

export const DeskContext = createContext<DeskContextValue | null>(null);

export function useDesk(): DeskContextValue {
  const value = useContext(DeskContext);
  if (!value) throw new Error('useDesk outside the desk');
  return value;
}

/** Which role may do what (each service checks again; the desk only hides what would be refused). */
export const CAN = {
  seeOperations: ['operator', 'site-manager'],
  workAlerts: ['operator', 'site-manager'],
  manageDevices: ['operator'],
  importVouchers: ['operator'],
  undoVoucherUse: ['operator'],
  settle: ['operator', 'site-manager'],
  viewContracts: ['operator', 'auditor', 'analyst'],
  editContracts: ['operator'],
} as const;

export const allowed = (roles: readonly string[], action: keyof typeof CAN) => CAN[action].some((r) => roles.includes(r));
