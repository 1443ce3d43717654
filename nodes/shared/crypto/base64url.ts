export function base64UrlEncode(input: Buffer | string): string {
	return Buffer.from(input).toString('base64url');
}

/** Decodes strict base64url (no padding, no characters outside the alphabet); undefined otherwise. */
export function base64UrlDecode(input: string): Buffer | undefined {
	if (!/^[A-Za-z0-9_-]*$/.test(input) || input.length % 4 === 1) return undefined;
	return Buffer.from(input, 'base64url');
}
