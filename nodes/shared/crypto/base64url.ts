export function base64UrlEncode(input: Buffer | string): string {
	return Buffer.from(input).toString('base64url');
}

/**
 * Decodes canonical base64url only: no padding, no character outside the alphabet, and the unused
 * low bits of the last character zero. Lenient decoders read several spellings as the same bytes,
 * so a captured token could be re-spelled into a "new" one; here every value has one spelling.
 */
export function base64UrlDecode(input: string): Buffer | undefined {
	if (!/^[A-Za-z0-9_-]*$/.test(input) || input.length % 4 === 1) return undefined;
	const bytes = Buffer.from(input, 'base64url');
	return bytes.toString('base64url') === input ? bytes : undefined;
}
