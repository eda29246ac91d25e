// Which keypair names Nova accepts: 1 to 255 characters, each a letter, a digit, a space, '-',
// '_' or '.' (HP Cloud's names such as `hochmuth.pub` carry a dot). Nova: the safe_chars check
// in nova/compute/api.py, KeypairAPI._validate_new_key_pair.

const SAFE = /^[A-Za-z0-9 ._-]*$/;
export const KEYPAIR_NAME_MAX_LENGTH = 255;

/** Why the name is refused, or undefined when it is acceptable. */
export function keypairNameProblem(name: string): string | undefined {
  if (!SAFE.test(name)) return 'Keypair name contains unsafe characters';
  if (name.length < 1 || name.length > KEYPAIR_NAME_MAX_LENGTH) {
    return `Keypair name must be between 1 and ${KEYPAIR_NAME_MAX_LENGTH} characters long`;
  }
  return undefined;
}
