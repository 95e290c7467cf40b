// A password strength estimate for the meter: length dominates, character variety helps, and common
// patterns (one repeated character, a run like "1234", a well-known password) cap it. Advice, not a rule.
export type Strength = 0 | 1 | 2 | 3 | 4;

const COMMON = [
  "password",
  "123456",
  "qwerty",
  "letmein",
  "welcome",
  "iloveyou",
  "admin",
  "timecoin",
  "bitcoin",
];

export function passwordStrength(password: string): Strength {
  if (password.length === 0) return 0;
  const lower = password.toLowerCase();
  if (COMMON.some((word) => lower.includes(word)) || /^(.)\1*$/.test(password)) return 0;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  let score = 0;
  if (password.length >= 8) score++;
  if (password.length >= 12) score++;
  if (password.length >= 16) score++;
  if (classes >= 3) score++;
  if (password.length < 8) score = Math.min(score, 1);
  if (/(0123|1234|2345|3456|4567|5678|6789|abcd|bcde)/.test(lower)) score = Math.min(score, 2);
  return Math.min(4, score) as Strength;
}
