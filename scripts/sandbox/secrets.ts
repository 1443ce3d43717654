// The sandbox's secrets, made up when a sandbox is created and kept in its git-ignored state file.
import { randomBytes } from 'node:crypto';

export interface SandboxSecrets {
	ownerPassword: string;
	academyOceanClientSecret: string;
	academyOceanWebhookSecret: string;
	thoughtIndustriesApiKey: string;
}

const random = (bytes: number) => randomBytes(bytes).toString('base64url');

export function generateSecrets(): SandboxSecrets {
	return {
		// n8n wants 8-64 characters with a digit and an upper-case letter.
		ownerPassword: `Sandbox-${random(9)}-9X`,
		academyOceanClientSecret: random(24),
		academyOceanWebhookSecret: random(24),
		thoughtIndustriesApiKey: random(24),
	};
}
