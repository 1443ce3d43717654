import type {
	ICredentialDataDecryptedObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	NodeHelpers,
	UserError,
	Workflow as WorkflowClass,
	getCredentialOwnRequestAllowedDomains,
	isExpression,
} from 'n8n-workflow';
import { Credentials } from 'n8n-core';

import type { CredentialTypeRegistry, NodeTypeRegistry } from './nodeTypes.ts';

/**
 * packages/cli/src/credentials-helper.ts `restrictToCredentialDomains`: what a credential's
 * preAuthentication gets as `this`. Only `helpers.httpRequest`, and when the credential restricts its
 * requests to specific domains ("Allowed HTTP Request Domains"), every request carries that list, which
 * n8n's HTTP client enforces (a request to another host fails with "Domain not allowed").
 */
export function restrictToCredentialDomains(helpers: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject): IHttpRequestHelper {
	return {
		helpers: {
			httpRequest: async (requestOptions) => {
				const allowedDomains = getCredentialOwnRequestAllowedDomains(credentials);
				if (allowedDomains === undefined) return await helpers.helpers.httpRequest(requestOptions);
				if (requestOptions.allowedDomains !== undefined) {
					throw new UserError(
						'This credential restricts requests to specific domains, which cannot be combined with the domains its authentication step asks for.',
					);
				}
				return await helpers.helpers.httpRequest({ ...requestOptions, allowedDomains });
			},
		},
	} as IHttpRequestHelper;
}

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * In-memory credential store with the behaviour of n8n's CLI CredentialsHelper
 * (packages/cli/src/credentials-helper.ts) that nodes can observe: defaults from the type and its
 * parents, generic `authenticate`, `preAuthentication` exactly as n8n runs it (see below), OAuth token
 * persistence.
 */
export class CredentialStore extends ICredentialsHelper {
	private readonly stored = new Map<string, StoredCredential>();
	private nextId = 1;
	/** Every credential update, in order: lets tests count token refreshes the way n8n persists them. */
	readonly updates: Array<{ id: string; type: string; data: ICredentialDataDecryptedObject }> = [];

	private readonly types: CredentialTypeRegistry;
	private readonly nodeTypes: NodeTypeRegistry;

	constructor(types: CredentialTypeRegistry, nodeTypes: NodeTypeRegistry) {
		super();
		this.types = types;
		this.nodeTypes = nodeTypes;
	}

	add(type: string, data: ICredentialDataDecryptedObject, name = `${type} account`): INodeCredentialsDetails {
		const id = String(this.nextId++);
		this.stored.set(id, { id, name, type, data: structuredClone(data) });
		return { id, name };
	}

	read(id: string): ICredentialDataDecryptedObject {
		return structuredClone(this.lookup(id).data);
	}

	private lookup(id: string | null | undefined): StoredCredential {
		const found = id ? this.stored.get(id) : undefined;
		if (!found) throw new Error(`No credential with id ${id}`);
		return found;
	}

	getParentTypes(name: string): string[] {
		return this.types.parentsOf(name);
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.types.get(typeName);
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (authenticate?.type === 'generic') {
			if (!workflow || !node) throw new Error('Declarative authentication needs the workflow and node');
			const target = requestOptions as unknown as Record<string, Record<string, string>>;
			for (const [outerKey, entries] of Object.entries(authenticate.properties)) {
				target[outerKey] ??= {};
				for (const [key, value] of Object.entries(entries as Record<string, string>)) {
					const resolve = (text: string) =>
						isExpression(text)
							? String(
									workflow.expression.getSimpleParameterValue(
										node,
										text,
										'internal',
										{ $credentials: credentials },
										undefined,
										'',
									) ?? '',
								)
							: text;
					target[outerKey][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/**
	 * As packages/cli/src/credentials-helper.ts `preAuthentication` (n8n 2.41.1): only for a type with a
	 * hidden `expirable` property and a preAuthentication function; runs when that property is empty,
	 * when the caller saw it expire (a 401), or in a credential test (a node of type
	 * `n8n-nodes-base.noOp` whose `temp` parameter is empty). The function is called on
	 * `restrictToCredentialDomains(helpers)`. Its output is persisted and assigned to the caller's
	 * credentials only when the node has credentials; a stored field that is an expression keeps the
	 * expression (only the expirable property is always written).
	 */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.types.get(typeName);
		const expirable = credentialType.properties.find(
			(property) => property.type === 'hidden' && property.typeOptions?.expirable === true,
		);
		if (expirable?.name === undefined) return undefined;
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired && !isTestingCredentials) return undefined;

		const output = (await credentialType.preAuthentication.call(
			restrictToCredentialDomains(helpers, credentials),
			credentials,
		)) as ICredentialDataDecryptedObject;
		if (output[expirable.name] === undefined) return undefined;
		if (!node.credentials) return undefined;
		const nodeCredentials = node.credentials[credentialType.name];
		// n8n reads `(await this.getCredentials(...)).getData()`: the stored data, decrypted, without defaults.
		const storedData = structuredClone(this.lookup(nodeCredentials.id).data);
		const dataToPersist = { ...storedData };
		for (const [key, value] of Object.entries(output)) {
			if (key === expirable.name || !isExpression(storedData[key])) dataToPersist[key] = value;
		}
		await this.updateCredentials(nodeCredentials, credentialType.name, dataToPersist);
		return Object.assign(credentials, output);
	}

	/** As credentials-helper.ts `runPreAuthentication`: the function's output, on the restricted helpers. */
	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.types.get(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		const output = await preAuthentication.call(restrictToCredentialDomains(helpers, credentials), credentials);
		return (output as ICredentialDataDecryptedObject) ?? undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string) {
		const stored = this.lookup(nodeCredentials.id);
		const credentials = new Credentials({ id: stored.id, name: stored.name }, type);
		await credentials.setData(stored.data);
		return credentials;
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		_executeData?: unknown,
		raw?: boolean,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.lookup(nodeCredentials.id);
		if (stored.type !== type) throw new Error(`Credential ${stored.id} is a ${stored.type}, not a ${type}`);
		const data = structuredClone(stored.data);
		if (raw) return data;
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			data as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;
		// n8n keeps stored values the type does not declare (oauthTokenData, a token from preAuthentication).
		return this.resolveExpressions({ ...data, ...withDefaults }, mode);
	}

	/** Credential fields may be expressions over the credential itself (`$self`), as in n8n. */
	private resolveExpressions(
		data: ICredentialDataDecryptedObject,
		mode: WorkflowExecuteMode,
	): ICredentialDataDecryptedObject {
		if (!Object.values(data).some((value) => isExpression(value))) return data;
		const mockNode: INode = {
			id: 'credential-resolver',
			name: '',
			type: 'manualTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
		};
		const workflow = new WorkflowClass({
			nodes: [mockNode],
			connections: {},
			active: false,
			nodeTypes: this.nodeTypes,
		});
		return workflow.expression.getComplexParameterValue(
			mockNode,
			data as INodeParameters,
			mode,
			{},
			undefined,
			undefined,
			data,
		) as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.lookup(nodeCredentials.id);
		stored.data = structuredClone(data);
		this.updates.push({ id: stored.id, type, data: structuredClone(data) });
	}

	async updateCredentialsOauthTokenData(
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.lookup(nodeCredentials.id);
		await this.updateCredentials(nodeCredentials, type, { ...stored.data, oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.types.get(type);
		const own = [...credentialType.properties];
		if (!credentialType.extends?.length) {
			if (type === 'oAuth2Api') {
				own.push({ displayName: 'oauthTokenData', name: 'oauthTokenData', type: 'json', default: {} });
			}
			return own;
		}
		const merged: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(merged, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(merged, own);
		return merged;
	}
}
