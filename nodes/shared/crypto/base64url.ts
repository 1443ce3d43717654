export function base64UrlEncode(input: Buffer | string): string {
	return Buffer.from(input).toString('base64url');
}

/**
 * Decodes canonical base64url only: no padding, no character outside the alphabet, and the unused
 * low bits of the last character zero. Lenient decoders read several spellings as the same bytes,
 * so a captured token could be re-spelled into a "new" one; here every value has one spelling.
 */
export function base64UrlDecode(input: string): Buffer | undefined {
	// Node's decoder skips characters outside the alphabet and ignores an impossible last character;
	// the round trip refuses both, since the canonical encoding has neither.
	const bytes = Buffer.from(input, 'base64url');
	return bytes.toString('base64url') === input ? bytes : undefined;
}
