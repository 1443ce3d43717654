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
import { ICredentialsHelper, NodeHelpers, Workflow as WorkflowClass, isExpression } from 'n8n-workflow';
import { Credentials } from 'n8n-core';

import type { CredentialTypeRegistry, NodeTypeRegistry } from './nodeTypes.ts';

interface StoredCredential {
	id: string;
	name: string;
	type: string;
	data: ICredentialDataDecryptedObject;
}

/**
 * In-memory credential store with the behaviour of n8n's CLI CredentialsHelper that nodes can
 * observe: defaults from the type and its parents, generic `authenticate`, `preAuthentication` with
 * an expirable field (persisted, so later executions reuse the token), OAuth token persistence.
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
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = await credentialType.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[typeName];
		if (reference) {
			const stored = this.lookup(reference.id);
			await this.updateCredentials(reference, typeName, { ...stored.data, ...(output as ICredentialDataDecryptedObject) });
		}
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const { preAuthentication } = this.types.get(typeName);
		if (typeof preAuthentication !== 'function') return undefined;
		return ((await preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject) ?? undefined;
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
