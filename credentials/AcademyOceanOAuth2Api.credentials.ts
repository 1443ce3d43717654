import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestHelper,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import { clientCredentialsToken } from '../nodes/shared/clientCredentialsToken';
import { normalizeInstanceUrl } from '../nodes/shared/instanceUrl';

export class AcademyOceanOAuth2Api implements ICredentialType {
	name = 'academyOceanOAuth2Api';

	displayName = 'AcademyOcean OAuth2 API';

	icon: Icon = {
		light: 'file:../icons/academyOcean.svg',
		dark: 'file:../icons/academyOcean.dark.svg',
	};

	documentationUrl = 'https://academyocean.com/api';

	properties: INodeProperties[] = [
		{
			displayName: 'Client ID',
			name: 'clientId',
			type: 'string',
			default: '',
			required: true,
			description: 'From your academy: Settings > API > Register a new OAuth application',
		},
		{
			displayName: 'Client Secret',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://app.academyocean.com',
			description:
				'Change only to go through a proxy. The token is requested from <Base URL>/oauth/token and the API called at <Base URL>/api/v1/.',
		},
		{
			displayName: 'Access Token',
			name: 'accessToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const base = normalizeInstanceUrl(String(credentials.baseUrl || 'https://app.academyocean.com'));
		if ('error' in base) throw new Error(`The AcademyOcean credential's Base URL ${base.error}`);
		const accessToken = await clientCredentialsToken(
			this,
			{
				tokenUrl: `${base.url}/oauth/token`,
				clientId: String(credentials.clientId ?? ''),
				clientSecret: String(credentials.clientSecret ?? ''),
			},
			String(credentials.accessToken ?? ''),
		);
		return { accessToken };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: {
				Authorization: '=Bearer {{$credentials.accessToken}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{($credentials.baseUrl || "https://app.academyocean.com").trim().replace(/\\/+$/, "")}}',
			url: '/api/v1/',
			method: 'POST',
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: 'action=academies',
		},
	};
}
