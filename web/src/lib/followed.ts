// Complaints a citizen follows on this device instead of filing the same again (docs/triage.md).
// Guests have no account to attach a subscription to, so the list lives in localStorage; the
// tracking page shows it and each entry links to the complaint's public page.
const FOLLOWED_KEY = 'aduan.followed';
const MAX_FOLLOWED = 50;

export interface Followed {
  trackingNumber: string;
  title: string;
  at: string;
}

/** Complaints followed on this device, newest first. */
export function followedComplaints(): Followed[] {
  try {
    const v = JSON.parse(localStorage.getItem(FOLLOWED_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? (v as Followed[]).filter((f) => typeof f?.trackingNumber === 'string') : [];
  } catch {
    return [];
  }
}

export function follow(item: { trackingNumber: string; title: string }): Followed[] {
  const list = [{ trackingNumber: item.trackingNumber, title: item.title, at: new Date().toISOString() }, ...followedComplaints().filter((f) => f.trackingNumber !== item.trackingNumber)].slice(0, MAX_FOLLOWED);
  try {
    localStorage.setItem(FOLLOWED_KEY, JSON.stringify(list));
  } catch {
    /* storage disabled: the link still works for this visit */
  }
  return list;
}

export function unfollow(trackingNumber: string): Followed[] {
  const list = followedComplaints().filter((f) => f.trackingNumber !== trackingNumber);
  try {
    localStorage.setItem(FOLLOWED_KEY, JSON.stringify(list));
  } catch {
    /* nothing kept */
  }
  return list;
}
