import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	Icon,
	INodeProperties,
} from 'n8n-workflow';

import type { ClientCredentials } from '../nodes/shared/clientCredentialsToken';
import { cachedClientCredentialsToken, clientCredentialsToken } from '../nodes/shared/clientCredentialsToken';
import { normalizeInstanceUrl } from '../nodes/shared/instanceUrl';

function clientOf(credentials: ICredentialDataDecryptedObject): ClientCredentials {
	const base = normalizeInstanceUrl(String(credentials.baseUrl || 'https://app.academyocean.com'));
	if ('error' in base) throw new Error(`The AcademyOcean credential's Base URL ${base.error}`);
	return {
		tokenUrl: `${base.url}/oauth/token`,
		clientId: String(credentials.clientId ?? ''),
		clientSecret: String(credentials.clientSecret ?? ''),
	};
}

/** The token each request was sent with, by the credentials object n8n passes to both methods. */
const sentTokens = new WeakMap<ICredentialDataDecryptedObject, string>();

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

	/**
	 * Called by n8n when the stored token is empty or was refused. Only the call whose request
	 * fetched the token hands it to n8n, which then stores it on the credential: every other item of
	 * a cold execution would store the same token again, one database write each. Those send the
	 * token from this process's cache instead (see authenticate).
	 */
	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): Promise<IDataObject> {
		const sent = sentTokens.get(credentials) ?? String(credentials.accessToken ?? '');
		const { accessToken, fetched } = await clientCredentialsToken(this, clientOf(credentials), sent);
		return fetched ? { accessToken } : {};
	}

	/** The newest token this process fetched, else the one stored on the credential. */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const token = cachedClientCredentialsToken(clientOf(credentials)) ?? String(credentials.accessToken ?? '');
		sentTokens.set(credentials, token);
		return { ...requestOptions, headers: { ...requestOptions.headers, Authorization: `Bearer ${token}` } };
	}

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
