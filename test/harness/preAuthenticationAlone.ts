import type { ICredentialDataDecryptedObject, ICredentialType, IDataObject, IHttpRequestHelper } from 'n8n-workflow';

import { TOKEN_PATH } from '../fakes/academyOcean.ts';

/**
 * The AcademyOcean credential with preAuthentication and authentication as n8n documents them:
 * every preAuthentication call fetches a token, and a generic block sends the stored one. The
 * reference the shipped single-flight is measured against (tests load the credential from source,
 * benchmarks from dist/, so both hand theirs in, with the form encoder of the same build).
 */
export function withPreAuthenticationAlone(credentialType: ICredentialType, encodeForm: (fields: IDataObject) => string): ICredentialType {
	credentialType.preAuthentication = async function (this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const answer = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${String(credentials.baseUrl)}${TOKEN_PATH}`,
			headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
			body: encodeForm({
				grant_type: 'client_credentials',
				client_id: credentials.clientId as string,
				client_secret: credentials.clientSecret as string,
				scope: '',
			}),
		})) as IDataObject;
		return { accessToken: String(answer.access_token) };
	};
	credentialType.authenticate = { type: 'generic', properties: { headers: { Authorization: '=Bearer {{$credentials.accessToken}}' } } };
	return credentialType;
}
