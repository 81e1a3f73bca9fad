// Password rules shared by every place a password is set (staff accounts, citizen registration,
// password changes). Returns the problems found, empty when the password is acceptable.
export interface PasswordContext {
  username?: string;
  name?: string;
  email?: string | null;
  phone?: string | null;
}

export function passwordProblems(password: string, _context: PasswordContext = {}): string[] {
  const problems: string[] = [];
  if ([...password].length < 10) problems.push('too_short');
  return problems;
}
