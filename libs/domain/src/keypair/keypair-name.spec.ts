// The keypair name rule: Nova's safe characters plus '.', 1 to 255 characters.

import { keypairNameProblem } from './keypair-name';

describe('keypairNameProblem', () => {
  it.each(['keypair-1', 'hochmuth.pub', 'my key_2', 'A', 'x'.repeat(255), ' '])('accepts %j', (name) => {
    expect(keypairNameProblem(name)).toBeUndefined();
  });
  it.each(['a/b', 'a@b', 'ключ', 'tab\there', 'new\nline', '<x>', "o'neil", 'a%20b'])('refuses %j as unsafe', (name) => {
    expect(keypairNameProblem(name)).toBe('Keypair name contains unsafe characters');
  });
  it('refuses the empty name and names over 255 characters', () => {
    expect(keypairNameProblem('')).toBe('Keypair name must be between 1 and 255 characters long');
    expect(keypairNameProblem('x'.repeat(256))).toBe('Keypair name must be between 1 and 255 characters long');
  });
});
