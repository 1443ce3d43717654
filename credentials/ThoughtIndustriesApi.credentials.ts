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

	/**
	 * Built only on what the reference documents (it has no read or "ping" endpoint): POST
	 * courseExternalActivity with an empty JSON object. Neither a course nor a learner is named, so the
	 * API cannot record anything: with a good key it answers 400 with its documented `errors` array
	 * ("courseSku or courseId is required" / "userId or userEmail is required"); with a bad key, 401.
	 *
	 * n8n's request-based credential test fails on any non-2xx status and gives its rules only the
	 * body of an answer (packages/cli/src/services/credentials-tester.service.ts), so the request
	 * accepts every status and the rules read the body: no `errors` array means this is not the API
	 * answering (a 401 or proxy page, a wrong Instance URL, the feature switched off), and
	 * `errors: ["Unauthorized"]` is a refused key. The one case this cannot tell apart is a 401 whose
	 * body is an `errors` array with other text; the reference does not document the 401 body, and the
	 * node itself reports a 401 plainly on its first request (see CONTRIBUTING.md, Reference choices).
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.instanceUrl.trim().replace(/\\/+$/, "")}}',
			url: '/incoming/v2/courseExternalActivity',
			method: 'POST',
			headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
			body: {},
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors',
					value: undefined,
					message:
						'Thought Industries did not answer like its external-activity API: check the API key, the Instance URL, and that the externalActivity feature is enabled for your company',
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'errors[0]',
					value: 'Unauthorized',
					message: 'Thought Industries refused the API key (401): check the API key',
				},
			},
		],
	};
}
