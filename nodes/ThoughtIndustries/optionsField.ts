import type { INodeProperties } from 'n8n-workflow';

import { withPacingOptions } from '../shared/rateLimit/options';

/** Options shared by both operations: how the attributes travel, and the pacing of bulk runs. */
export function requestOptionsField(resource: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: [resource], operation: ['recordExternalActivity'] } },
		options: withPacingOptions([
			{
				displayName: 'Send As',
				name: 'sendAs',
				type: 'options',
				default: 'jsonBody',
				options: [
					{ name: 'JSON Body', value: 'jsonBody', description: 'Send the attributes as a JSON request body' },
					{
						name: 'Signed JWT',
						value: 'signedJwt',
						description:
							'Send the attributes in a signed (HS256) jwt query parameter. Signed with the credential\'s JWT signing secret, or the API key when that is empty.',
					},
				],
			},
		]),
	};
}
