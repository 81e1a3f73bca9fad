// Access codes the person typed or just received, for this tab only (sessionStorage), so that
// the code never goes into a URL.
const k = (tn: string) => `aduan.access.${tn}`;

export function rememberAccessCode(trackingNumber: string, code: string) {
  try {
    sessionStorage.setItem(k(trackingNumber), code);
  } catch {
    /* storage disabled: the person types it again */
  }
}

export function accessCodeFor(trackingNumber: string): string | undefined {
  try {
    return sessionStorage.getItem(k(trackingNumber)) ?? undefined;
  } catch {
    return undefined;
  }
}

export function forgetAccessCode(trackingNumber: string) {
  try {
    sessionStorage.removeItem(k(trackingNumber));
  } catch {
    /* nothing kept */
  }
}
