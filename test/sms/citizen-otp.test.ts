// Citizen registration by phone through the real Kannel (test/support/kannel.ts): a guest files by
// SMS, registers with the same number on the web, the one-time code arrives at the phone through
// sendsms → bearerbox → fakesmsc, and verifying it opens the account that owns the SMS complaint.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORT_CODE, startKannelRig, type KannelRig, type Received } from '../support/kannel';

let rig: KannelRig;

beforeAll(async () => {
  rig = await startKannelRig({ demoPassword: 'demo-otp-2026' });
}, 300_000);

afterAll(async () => {
  await rig?.stop();
}, 60_000);

const to = (number: string) => (r: Received) => r.to === number;

describe('citizen one-time codes by SMS', () => {
  it('register with a phone: the code arrives at the phone, verifying it signs in and claims the SMS complaint', async () => {
    const filed = await rig.phone(`6281234560777 ${SHORT_CODE} text BULELENG LAPOR Saluran air tersumbat di Banjar Paketan`, (g) => g.some(to('+6281234560777')));
    const trk = /Nomor: ([A-Z0-9]{8})/.exec(filed.find(to('+6281234560777'))!.text)![1]!;

    const reg = await rig.api('POST', '/api/v1/citizens/register', { body: { name: 'Nyoman Paketan', phone: '0812-3456-0777' } });
    expect(reg.status).toBe(202);
    expect(reg.json.channel).toBe('sms');

    const got = await rig.phone(null, (g) => g.some((r) => r.to === '+6281234560777' && /kode verifikasi/.test(r.text)));
    const sms = got.find((r) => r.to === '+6281234560777' && /kode verifikasi/.test(r.text))!;
    expect(sms.from).toBe(SHORT_CODE);
    const m = /^Aduan: kode verifikasi (\d{6}), berlaku 10 menit\. Jangan berikan kepada siapa pun\.$/.exec(sms.text);
    expect(m, sms.text).not.toBeNull();

    const wrong = await rig.api('POST', '/api/v1/auth/code/verify', { body: { verificationId: reg.json.verificationId, code: m![1] === '000000' ? '111111' : '000000' } });
    expect([wrong.status, wrong.json.error.code]).toEqual([400, 'invalid_code']);
    const v = await rig.api('POST', '/api/v1/auth/code/verify', { body: { verificationId: reg.json.verificationId, code: m![1] } });
    expect(v.status).toBe(200);
    expect(v.json.user.displayName).toBe('Nyoman Paketan');

    const me = await rig.api('GET', '/api/v1/me', { token: v.json.token });
    expect(me.json).toMatchObject({ phone: '+6281234560777', phoneVerified: true });
    const mine = await rig.api('GET', '/api/v1/complaints', { token: v.json.token });
    expect(mine.json.items.map((i: { trackingNumber: string }) => i.trackingNumber)).toEqual([trk]);

    // The admins' SMS outbox shows the message without the code: it was sent and forgotten.
    const outbox = await rig.api('GET', '/api/v1/sms/outbox?limit=100', { token: await rig.login('admin.nasional') });
    const row = outbox.json.items.find((i: any) => i.to === '+6281234560777' && /kode verifikasi/.test(i.text));
    expect(row.status).toBe('sent');
    expect(JSON.stringify(row)).not.toContain(m![1]);
  });
});
