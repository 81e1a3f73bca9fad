import { describe, expect, it } from 'vitest';
import { commonPasswords, describePasswordProblems, isCommonPassword, passwordProblems } from '../../server/modules/users/password-policy';
import { DEMO_ACCOUNTS } from '../../server/seed/demo';

describe('password rules', () => {
  it('counts length in code points: 10 to 256', () => {
    expect(passwordProblems('Xq7#pLm2v')).toContain('too_short');
    expect(passwordProblems('Xq7#pLm2vR')).toEqual([]);
    // Nine emoji are nine characters (eighteen UTF-16 units): too short.
    expect(passwordProblems('🐢🦀🐙🦑🐠🐡🦈🐳🐋')).toContain('too_short');
    expect(passwordProblems('🐢🦀🐙🦑🐠🐡🦈🐳🐋🦭')).toEqual([]);
    expect(passwordProblems('a9'.repeat(128))).not.toContain('too_long');
    expect(passwordProblems(`${'a9'.repeat(128)}x`)).toContain('too_long');
  });

  it('ships a list of a few thousand English and Indonesian passwords', () => {
    const list = commonPasswords();
    expect(list.size).toBeGreaterThan(3000);
    for (const w of ['123456', 'password', 'qwerty', 'iloveyou', 'sayang', 'bismillah', 'indonesia', 'rahasia', 'katasandi', 'anjing', 'doraemon', 'persib', 'jakarta', 'cintaku', 'merdeka', 'garuda']) {
      expect(list.has(w), w).toBe(true);
    }
  });

  it('refuses common passwords case-insensitively, with digits and symbols around them, and in l33t', () => {
    for (const p of [
      'Bismillah123!',
      'BISMILLAH2026',
      'password1234',
      'Password123!',
      'P@ssw0rd2026',
      'qwertyuiop12',
      '1234567890',
      '!!Indonesia45',
      'sayangku12345',
      'katasandi2024',
      'Persib1933!!',
      'doraemon!!!!',
      'Merdeka17081945',
      'iloveyou2026',
      'kata-sandi-2026',
    ]) {
      expect(isCommonPassword(p), p).toBe(true);
      expect(passwordProblems(p), p).toContain('common');
    }
  });

  it('accepts uncommon passwords, including passphrases that contain a common word', () => {
    for (const p of ['kata-sandi-panjang-1', 'kuda-terbang-di-singaraja', 'Vx9!rT2#mQ8w', 'sayang kucing oranye pagi']) {
      expect(passwordProblems(p), p).toEqual([]);
    }
  });

  it('refuses a password that contains the username, name, email local part or phone number', () => {
    const ctx = { username: 'pupr.buleleng', name: 'Putu Suardana', email: 'suardana.putu@pupr.go.id', phone: '+62 812-3456-7890' };
    expect(passwordProblems('pupr.buleleng-2026!', ctx)).toContain('contains_personal');
    expect(passwordProblems('Buleleng-tempat-kerja', ctx)).toContain('contains_personal');
    expect(passwordProblems('aku-SUARDANA-kuat', ctx)).toContain('contains_personal');
    expect(passwordProblems('x-suardana.putu-x', ctx)).toContain('contains_personal');
    expect(passwordProblems('telp081234567890', ctx)).toContain('contains_personal');
    expect(passwordProblems('nomor 812 3456 7890 ya', ctx)).toContain('contains_personal');
    expect(passwordProblems('kuda-terbang-di-pantai', ctx)).toEqual([]);
  });

  it('the demo and test passwords (set by seed code through createUser) pass the rules for every demo account', () => {
    for (const pw of ['demo-lapor-2026', 'test-password-2026']) {
      for (const a of DEMO_ACCOUNTS) {
        expect(passwordProblems(pw, { username: a.username, name: a.displayName }), `${pw} for ${a.username}`).toEqual([]);
      }
    }
  });

  it('describes the problems in Indonesian and English', () => {
    const d = describePasswordProblems(['too_short', 'common']);
    expect(d.message).toMatch(/^Kata sandi ditolak: minimal 10 karakter; terlalu umum/);
    expect(d.message).toMatch(/Password refused: at least 10 characters; too common/);
    expect(d.field).toContain('too_short');
  });
});
