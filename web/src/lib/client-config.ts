// Settings the server shares with the browser (GET /api/v1/client-config), loaded once.
import { api } from './api';
import type { ClientConfig } from './types';
import { useAsync } from './use-async';

const DEFAULTS: ClientConfig = { mapTileUrl: null, mapAttribution: null, uploadMaxBytes: 10 * 1024 * 1024, uploadMaxFiles: 5, smsShortCode: '1708' };
let pending: Promise<ClientConfig> | undefined;

export function loadClientConfig(): Promise<ClientConfig> {
  pending ??= api.get<ClientConfig>('/api/v1/client-config').catch(() => {
    pending = undefined;
    return DEFAULTS;
  });
  return pending;
}

export function useClientConfig(): ClientConfig {
  return useAsync(loadClientConfig, []).data ?? DEFAULTS;
}
